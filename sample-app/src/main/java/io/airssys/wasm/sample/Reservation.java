package io.airssys.wasm.sample;

import java.util.concurrent.atomic.AtomicBoolean;

// tag::host-resource[]
/**
 * WIT resource reservation of sample:shop/catalog, implemented by the application: the
 * CatalogService makes one for each newReservation a component calls. The runtime calls close()
 * when the component drops it, or when the component's instance goes away.
 */
public final class Reservation implements AutoCloseable {

    private final int quantity;
    private final Runnable release;
    private final AtomicBoolean released = new AtomicBoolean();

    Reservation(int quantity, Runnable release) {
        this.quantity = quantity;
        this.release = release;
    }

    /** WIT [method]reservation.quantity: func() -> u32. */
    public int quantity() {
        return quantity;
    }

    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            release.run();
        }
    }
}
// end::host-resource[]
