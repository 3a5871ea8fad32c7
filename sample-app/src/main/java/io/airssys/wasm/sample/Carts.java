package io.airssys.wasm.sample;

import io.airssys.wasm.autoconfigure.WasmComponent;

// tag::resource-component[]
/**
 * The shop component's carts (WIT interface sample:shop/carts): a resource the component
 * implements, seen from Java as {@link Cart}.
 */
@WasmComponent(value = "shop", witInterface = "sample:shop/carts@1.0.0")
public interface Carts {

    /** Calls the resource's constructor, [constructor]cart. */
    Cart newCart(String customer);

    /**
     * One cart, living in the component. Its methods call [method]cart.add, total and
     * customer on the instance that made it; close() drops it (the component's destructor
     * runs and releases the stock its lines reserved).
     */
    interface Cart extends AutoCloseable {
        /** The new total in cents; an unknown SKU arrives as a WitResultException with the reason. */
        int add(String sku, int quantity);

        int total();

        String customer();

        @Override
        void close();
    }
}
// end::resource-component[]
