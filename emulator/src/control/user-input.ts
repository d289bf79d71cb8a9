import { z } from 'zod';
import { userProperty } from '../graph/user-schema.js';

const schemaExtension = /^extension_[0-9a-f]{32}_[A-Za-z0-9_]+$/;

/** Property names a control-plane user may carry: Graph's user properties, schema extensions, manager. */
function unknownProperties(object: Record<string, unknown>): string[] {
  return Object.keys(object).filter(
    (name) => name !== 'manager' && userProperty(name) === undefined && !schemaExtension.test(name),
  );
}

const manager = z
  .object({ id: z.string().min(1) })
  .strict()
  .nullable();

/** A user to create: Graph user JSON with at least a userPrincipalName; the id may be chosen by the emulator. */
export const newUserSchema = z
  .looseObject({
    id: z.uuid().optional(),
    userPrincipalName: z.string().min(3).includes('@'),
    manager: manager.optional(),
  })
  .superRefine((user, ctx) => {
    const unknown = unknownProperties(user);
    if (unknown.length > 0) {
      ctx.addIssue({ code: 'custom', message: `Unknown user properties: ${unknown.join(', ')}.` });
    }
  });

/** A partial update: known properties only; null clears one; id cannot change. */
export const userPatchSchema = z
  .looseObject({
    userPrincipalName: z.string().min(3).includes('@').optional(),
    manager: manager.optional(),
  })
  .superRefine((patch, ctx) => {
    const unknown = unknownProperties(patch);
    if (unknown.length > 0) {
      ctx.addIssue({ code: 'custom', message: `Unknown user properties: ${unknown.join(', ')}.` });
    }
    if ('id' in patch) ctx.addIssue({ code: 'custom', message: 'The id of a user cannot change.' });
  });

/** One operation of `POST /_emulator/tenants/{tid}/changes`. */
export const changeSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('create'), user: newUserSchema }).strict(),
  z.object({ op: z.literal('update'), id: z.string().min(1), patch: userPatchSchema }).strict(),
  z
    .object({ op: z.literal('delete'), id: z.string().min(1), hard: z.boolean().optional() })
    .strict(),
  z.object({ op: z.literal('restore'), id: z.string().min(1) }).strict(),
]);
export type Change = z.infer<typeof changeSchema>;
