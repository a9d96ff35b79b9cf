/**
 * The demo store's category tree: twelve departments, some split into subcategories. Products
 * hang off the leaves, each leaf with the theme its products are written from.
 */
import type { Theme } from './theme';
import {
  bags,
  boots,
  dresses,
  jewelry,
  menJackets,
  menShirts,
  menTees,
  sneakers,
  womenOuterwear,
  womenTops,
} from './themes-apparel';
import { coffee, fiction, nonfiction } from './themes-books-food';
import { audio, beauty, bedding, chargers, cookware, decor, phones, sports, toys } from './themes-goods';

export interface CategorySpec {
  slug: string;
  name: string;
  /** Present on leaves only. */
  theme?: Theme;
  children?: readonly CategorySpec[];
}

export const CATEGORY_TREE: readonly CategorySpec[] = [
  {
    slug: 'women',
    name: "Women's Clothing",
    children: [
      { slug: 'women-tops', name: 'Tops', theme: womenTops },
      { slug: 'women-dresses', name: 'Dresses', theme: dresses },
      { slug: 'women-outerwear', name: 'Coats & Jackets', theme: womenOuterwear },
    ],
  },
  {
    slug: 'men',
    name: "Men's Clothing",
    children: [
      { slug: 'men-t-shirts', name: 'T-Shirts', theme: menTees },
      { slug: 'men-shirts', name: 'Shirts', theme: menShirts },
      { slug: 'men-outerwear', name: 'Coats & Jackets', theme: menJackets },
    ],
  },
  {
    slug: 'shoes',
    name: 'Shoes',
    children: [
      { slug: 'shoes-sneakers', name: 'Sneakers', theme: sneakers },
      { slug: 'shoes-boots', name: 'Boots', theme: boots },
    ],
  },
  { slug: 'bags-accessories', name: 'Bags & Accessories', theme: bags },
  { slug: 'jewelry-watches', name: 'Jewelry & Watches', theme: jewelry },
  {
    slug: 'electronics',
    name: 'Electronics',
    children: [
      { slug: 'electronics-audio', name: 'Headphones & Speakers', theme: audio },
      { slug: 'electronics-phones-tablets', name: 'Phones & Tablets', theme: phones },
      { slug: 'electronics-chargers', name: 'Chargers & Cables', theme: chargers },
    ],
  },
  {
    slug: 'home-kitchen',
    name: 'Home & Kitchen',
    children: [
      { slug: 'home-cookware', name: 'Cookware', theme: cookware },
      { slug: 'home-decor', name: 'Decor', theme: decor },
      { slug: 'home-bedding', name: 'Bedding', theme: bedding },
    ],
  },
  { slug: 'beauty', name: 'Beauty & Personal Care', theme: beauty },
  { slug: 'sports-outdoors', name: 'Sports & Outdoors', theme: sports },
  { slug: 'toys-games', name: 'Toys & Games', theme: toys },
  {
    slug: 'books',
    name: 'Books',
    children: [
      { slug: 'books-fiction', name: 'Fiction', theme: fiction },
      { slug: 'books-nonfiction', name: 'Non-Fiction', theme: nonfiction },
    ],
  },
  { slug: 'coffee', name: 'Coffee', theme: coffee },
];
