/**
 * A row of `mydb.orders` as the JDBC sink writes it (docs/design.md, §6): the seed's columns, NULL
 * where a record in the seed's format left one out. created_at comes back as the driver's string.
 */
export interface OrdersTableRow {
  order_id: string;
  user_id: string;
  product_id: string | null;
  qty: number | null;
  unit_price: number | null;
  total_price: number | null;
  created_at: string;
  /** The order in which the sink wrote the rows (migration 003): the paging key, and "the latest". */
  seq: number;
}
