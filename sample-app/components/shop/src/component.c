// The shop component, in C: quotes orders and keeps shopping carts with the catalog the
// application implements (a Spring bean), which it imports as sample:shop/catalog.
// `airssys-wasm build` generates the bindings (build/bindings/shop.h and .c) from wit/.
#include <stdlib.h>
#include <string.h>

#include "shop.h"

bool exports_sample_shop_quotes_quote(shop_string_t *sku, uint32_t quantity, uint32_t *ret, shop_string_t *err) {
  sample_shop_catalog_item_t item;
  bool found = sample_shop_catalog_find(sku, &item);
  shop_string_free(sku);
  if (!found) {
    shop_string_dup(err, "unknown sku");
    return false;
  }
  uint64_t total = (uint64_t) item.price_cents * quantity;
  sample_shop_catalog_item_free(&item);
  if (total > UINT32_MAX) {
    shop_string_dup(err, "too large an order");
    return false;
  }
  *ret = (uint32_t) total;
  return true;
}

// ---------------------------------------------------------------- carts

#define MAX_LINES 16

// What one cart is: its customer, its total, and the stock it reserved (handles the
// application's catalog gave it; dropping them releases the stock).
struct exports_sample_shop_carts_cart_t {
  shop_string_t customer;
  uint32_t total;
  size_t lines;
  sample_shop_catalog_own_reservation_t reservations[MAX_LINES];
};

exports_sample_shop_carts_own_cart_t exports_sample_shop_carts_constructor_cart(shop_string_t *customer) {
  exports_sample_shop_carts_cart_t *cart = calloc(1, sizeof *cart);
  if (!cart) {
    abort();
  }
  cart->customer = *customer;  // the cart keeps the string it was given
  return exports_sample_shop_carts_cart_new(cart);
}

bool exports_sample_shop_carts_method_cart_add(exports_sample_shop_carts_borrow_cart_t cart, shop_string_t *sku,
                                               uint32_t quantity, uint32_t *ret, shop_string_t *err) {
  sample_shop_catalog_item_t item;
  if (cart->lines == MAX_LINES) {
    shop_string_free(sku);
    shop_string_dup(err, "the cart is full");
    return false;
  }
  if (!sample_shop_catalog_find(sku, &item)) {
    shop_string_free(sku);
    shop_string_dup(err, "unknown sku");
    return false;
  }
  uint64_t total = cart->total + (uint64_t) item.price_cents * quantity;
  sample_shop_catalog_item_free(&item);
  if (total > UINT32_MAX) {
    shop_string_free(sku);
    shop_string_dup(err, "too large an order");
    return false;
  }
  cart->reservations[cart->lines++] = sample_shop_catalog_constructor_reservation(sku, quantity);
  shop_string_free(sku);
  cart->total = (uint32_t) total;
  *ret = cart->total;
  return true;
}

uint32_t exports_sample_shop_carts_method_cart_total(exports_sample_shop_carts_borrow_cart_t cart) {
  return cart->total;
}

void exports_sample_shop_carts_method_cart_customer(exports_sample_shop_carts_borrow_cart_t cart,
                                                    shop_string_t *ret) {
  ret->len = cart->customer.len;
  ret->ptr = malloc(ret->len > 0 ? ret->len : 1);
  if (!ret->ptr) {
    abort();
  }
  memcpy(ret->ptr, cart->customer.ptr, ret->len);
}

void exports_sample_shop_carts_cart_destructor(exports_sample_shop_carts_cart_t *cart) {
  for (size_t i = 0; i < cart->lines; i++) {
    sample_shop_catalog_reservation_drop_own(cart->reservations[i]);
  }
  shop_string_free(&cart->customer);
  free(cart);
}
