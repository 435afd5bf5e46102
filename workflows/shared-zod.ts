/**
 * Loads the zod library when a worker thread's workflow context is made, so that all its workflows share one
 * copy of it instead of evaluating it again, each for itself (worker/bundle-options.ts). Only the library: the
 * schemas of `domain/` are still built by each workflow. The whole namespace, so that every part of zod a
 * workflow may reach is in the shared copy (naming only some members would let webpack bind the others to
 * modules of their own, evaluated per workflow again); its locales come with it (1.3 MB more bundle, evaluated
 * once per worker thread).
 *
 * The SDK freezes what is shared, and zod finishes setting itself up on first use — its default messages at the
 * first schema built, whether it may compile parsers (`new Function`) at the first object — in objects of its
 * own: so one schema is built and used here, before the freeze. tests/workflows/shared-modules.test.ts checks,
 * in the SDK's own context, what is shared, and that no schema a workflow builds holds one of zod's shared
 * (frozen) regular expressions, whose `lastIndex` zod's checks reset.
 */
import { z } from 'zod';

export const sharedZod = z;

export const zodReady = !z.object({ ready: z.string().min(1) }).safeParse({ ready: '' }).success;
