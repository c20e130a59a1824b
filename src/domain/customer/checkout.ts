export interface CheckoutLineItem {
  title: string;
  quantity: number;
  /** Unit price, decimal string. */
  price: string;
  sku?: string | null;
  variantTitle?: string | null;
}

/** An abandoned checkout pushed by the store platform; `recoveredAt` is set once it became an order. */
export interface Checkout {
  id: string;
  shopId: string;
  customerId: string;
  externalId: string;
  recoveryUrl: string;
  totalPrice: string;
  currencyCode: string;
  lineItems: CheckoutLineItem[];
  abandonedAt: Date;
  recoveredAt: Date | null;
  orderId: string | null;
  createdAt: Date;
  updatedAt: Date;
}
