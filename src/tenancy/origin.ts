import { z } from 'zod';

/** A browser origin exactly as browsers send it: scheme, host, and a port only when not the default. */
export const origin = z
  .string()
  .refine(
    (value) => URL.canParse(value) && new URL(value).origin === value && /^https?:$/.test(new URL(value).protocol),
    'expected an origin like https://shop.example.com',
  );
