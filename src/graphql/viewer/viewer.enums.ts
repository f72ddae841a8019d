import { registerEnumType } from 'type-graphql';

/** The gateway's own roles (not an OMS value). */
export const ViewerRole = { TENANT: 'tenant', SELLER: 'seller' } as const;
export type ViewerRole = (typeof ViewerRole)[keyof typeof ViewerRole];
registerEnumType(ViewerRole, { name: 'ViewerRole', description: "TENANT: a marketplace backend's API key. SELLER: one seller's session token." });
