/** Merchant category management; every change republishes the category list to the edge. */
import { asc, eq } from 'drizzle-orm';
import { newId } from '../../contract/ids';
import { categories, products } from '../../db/schema/catalog';
import type { OriginContext, Tx } from '../platform/context';
import { uniqueViolation } from '../platform/db-errors';
import { err, ok, type Result } from '../platform/result';
import type { CategoryPatch, NewCategory } from './catalog.schemas';
import { categoriesChanged, productChanged } from './events';

type CategoryRow = typeof categories.$inferSelect;
export type CategoryView = Pick<CategoryRow, 'id' | 'slug' | 'name' | 'parentId' | 'position'>;
type CategoryError = 'category_not_found' | 'slug_taken' | 'category_cycle';

const view = (c: CategoryRow): CategoryView => ({
  id: c.id,
  slug: c.slug,
  name: c.name,
  parentId: c.parentId,
  position: c.position,
});

export async function listAdminCategories(ctx: OriginContext, parentId?: string): Promise<CategoryView[]> {
  const rows = await ctx.db
    .select()
    .from(categories)
    .where(parentId ? eq(categories.parentId, parentId) : undefined)
    .orderBy(asc(categories.position), asc(categories.name));
  return rows.map(view);
}

/** True when making `parentId` the parent of `id` would close a loop in the tree. */
async function wouldCycle(tx: Tx, id: string, parentId: string): Promise<boolean> {
  let cur: string | null = parentId;
  for (let depth = 0; cur && depth < 100; depth++) {
    if (cur === id) return true;
    const rows: { parentId: string | null }[] = await tx
      .select({ parentId: categories.parentId })
      .from(categories)
      .where(eq(categories.id, cur));
    cur = rows[0]?.parentId ?? null;
  }
  return false;
}

async function write(
  ctx: OriginContext,
  fn: (tx: Tx) => Promise<Result<CategoryRow, CategoryError>>,
): Promise<Result<CategoryView, CategoryError>> {
  try {
    const result = await ctx.transaction(fn);
    return result.ok ? ok(view(result.value)) : result;
  } catch (e) {
    if (uniqueViolation(e) !== null) return err('slug_taken', 'Another category already uses this slug');
    throw e;
  }
}

async function parentMissing(tx: Tx, parentId: string | null | undefined): Promise<boolean> {
  if (!parentId) return false;
  return (await tx.select({ id: categories.id }).from(categories).where(eq(categories.id, parentId))).length === 0;
}

export function createCategory(ctx: OriginContext, input: NewCategory) {
  return write(ctx, async (tx) => {
    if (await parentMissing(tx, input.parentId)) return err('category_not_found', 'No such parent category');
    const [row] = await tx
      .insert(categories)
      .values({
        id: newId('cat'),
        slug: input.slug,
        name: input.name,
        parentId: input.parentId ?? null,
        position: input.position,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await categoriesChanged(tx, row.id);
    return ok(row);
  });
}

export function updateCategory(ctx: OriginContext, id: string, patch: CategoryPatch) {
  return write(ctx, async (tx) => {
    if (await parentMissing(tx, patch.parentId)) return err('category_not_found', 'No such parent category');
    if (patch.parentId && (await wouldCycle(tx, id, patch.parentId))) {
      return err('category_cycle', 'A category cannot be placed under itself or its descendants');
    }
    const [row] = await tx
      .update(categories)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(categories.id, id))
      .returning();
    if (!row) return err('category_not_found', `No category ${id}`);
    await categoriesChanged(tx, id);
    return ok(row);
  });
}

/** Deletes a category; its products and subcategories are kept, detached from it. */
export function deleteCategory(ctx: OriginContext, id: string) {
  return write(ctx, async (tx) => {
    const affected = await tx.select({ id: products.id }).from(products).where(eq(products.categoryId, id));
    for (const p of affected) await productChanged(tx, p.id);
    const [row] = await tx.delete(categories).where(eq(categories.id, id)).returning();
    if (!row) return err('category_not_found', `No category ${id}`);
    await categoriesChanged(tx, id);
    return ok(row);
  });
}
