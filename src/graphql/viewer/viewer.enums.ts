import { registerEnumType } from 'type-graphql';

/** The gateway's own roles (not an OMS value). */
export const ViewerRole = { TENANT: 'tenant', SELLER: 'seller' } as const;
export type ViewerRole = (typeof ViewerRole)[keyof typeof ViewerRole];
registerEnumType(ViewerRole, {
  name: 'ViewerRole',
  description: "TENANT: a marketplace backend's API key. SELLER: one seller's session token.",
  valuesConfig: {
    TENANT: { description: "A marketplace backend's API key: sees and acts for all of the tenant's sellers." },
    SELLER: { description: "One seller's session token (from createSellerSession): sees that seller alone and may do only what the tenant allows." },
  } satisfies Record<keyof typeof ViewerRole, { description: string }>,
});
