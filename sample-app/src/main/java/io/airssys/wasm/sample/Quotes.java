package io.airssys.wasm.sample;

import io.airssys.wasm.autoconfigure.WasmComponent;

/** The shop component (components/shop, written in C), which prices orders with the application's catalog. */
@WasmComponent(value = "shop", witInterface = "sample:shop/quotes@1.0.0")
public interface Quotes {

    /** The price in cents; an unknown SKU arrives as a WitResultException carrying the reason. */
    int quote(String sku, int quantity);
}
