/** Request and response shapes of the catalog admin API (validated at the boundary, published as OpenAPI). */
import { z } from '@hono/zod-openapi';
import { StockLevelSchema } from '../inventory';
import { MoneySchema, prefixedId, VariantIdParam } from '../platform/schemas';

export { VariantIdParam };

const slug = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens');
const options = z
  .record(z.string().min(1).max(40), z.string().min(1).max(80))
  .refine((o) => Object.keys(o).length <= 8, {
    message: 'at most 8 options',
  });
const imageUrl = z.url({ protocol: /^https?$/ }).max(2000);
const productStatus = z.enum(['draft', 'active', 'archived']);

export const ProductIdParam = z.object({ id: prefixedId('prod').openapi({ param: { name: 'id', in: 'path' } }) });
export const CategoryIdParam = z.object({ id: prefixedId('cat').openapi({ param: { name: 'id', in: 'path' } }) });

export const NewVariantSchema = z
  .object({
    sku: z.string().min(1).max(64),
    title: z.string().min(1).max(200),
    options: options.optional(),
    position: z.number().int().min(0).max(10_000).optional(),
    prices: z.array(MoneySchema).max(20).default([]),
    stock: z.number().int().min(0).max(10_000_000).default(0).openapi({ description: 'Units on hand' }),
  })
  .strict()
  .openapi('NewVariant');

export const NewProductSchema = z
  .object({
    title: z.string().min(1).max(200),
    slug: slug.optional().openapi({ description: 'Derived from the title when omitted' }),
    description: z.string().max(20_000).default(''),
    status: productStatus.default('draft'),
    categoryId: prefixedId('cat').nullable().optional(),
    images: z.array(imageUrl).max(20).default([]),
    variants: z.array(NewVariantSchema).max(100).default([]),
  })
  .strict()
  .openapi('NewProduct');

export const ProductPatchSchema = z
  .object({
    title: z.string().min(1).max(200),
    slug,
    description: z.string().max(20_000),
    status: productStatus,
    categoryId: prefixedId('cat').nullable(),
    images: z.array(imageUrl).max(20),
  })
  .partial()
  .strict()
  .openapi('ProductPatch');

export const VariantPatchSchema = z
  .object({
    sku: z.string().min(1).max(64),
    title: z.string().min(1).max(200),
    options,
    position: z.number().int().min(0).max(10_000),
    status: z.enum(['active', 'archived']),
    price: MoneySchema.openapi({ description: 'Sets the price in this currency' }),
  })
  .partial()
  .strict()
  .openapi('VariantPatch');

export const ProductListQuery = z
  .object({
    status: productStatus.optional(),
    categoryId: prefixedId('cat').optional(),
    q: z.string().min(1).max(200).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const AdminVariantSchema = z
  .object({
    id: z.string(),
    productId: z.string(),
    sku: z.string(),
    title: z.string(),
    options: z.record(z.string(), z.string()),
    position: z.number().int(),
    status: z.enum(['active', 'archived']),
    price: MoneySchema.nullable().openapi({ description: 'In the store currency' }),
    prices: z.array(MoneySchema),
    inventory: StockLevelSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('AdminVariant');

export const AdminProductSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    description: z.string(),
    status: productStatus,
    categoryId: z.string().nullable(),
    images: z.array(z.string()),
    variants: z.array(AdminVariantSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('AdminProduct');

export const CategorySchema = z
  .object({ id: z.string(), slug: z.string(), name: z.string(), parentId: z.string().nullable(), position: z.number() })
  .openapi('AdminCategory');

export const NewCategorySchema = z
  .object({
    slug,
    name: z.string().min(1).max(120),
    parentId: prefixedId('cat').nullable().optional(),
    position: z.number().int().min(0).max(10_000).default(0),
  })
  .strict()
  .openapi('NewCategory');

export const CategoryPatchSchema = NewCategorySchema.partial().strict().openapi('CategoryPatch');

export type NewProduct = z.infer<typeof NewProductSchema>;
export type NewVariant = z.infer<typeof NewVariantSchema>;
export type ProductPatch = z.infer<typeof ProductPatchSchema>;
export type VariantPatch = z.infer<typeof VariantPatchSchema>;
export type NewCategory = z.infer<typeof NewCategorySchema>;
export type CategoryPatch = z.infer<typeof CategoryPatchSchema>;
export type AdminProduct = z.infer<typeof AdminProductSchema>;
export type AdminVariant = z.infer<typeof AdminVariantSchema>;
