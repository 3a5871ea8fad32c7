// The shop component, in C: quotes orders with the catalog the application implements (a
// Spring bean), which it imports as sample:shop/catalog. `airssys-wasm build` generates the
// bindings (build/bindings/shop.h and .c) from wit/.
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
