package io.airssys.wasm.sample;

import io.airssys.wasm.autoconfigure.WasmHostInterface;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Service;

// tag::host-interface[]
/**
 * The application's catalog, offered to components as the WIT interface sample:shop/catalog
 * (src/main/resources/wit/shop.wit). Components call find; the shop component quotes with it,
 * and its carts reserve stock through the resource reservation.
 */
@Service
@WasmHostInterface("sample:shop/catalog@1.0.0")
public class CatalogService {

    /** WIT record item { sku: string, name: string, price-cents: u32 }. */
    public record Item(String sku, String name, int priceCents) {}

    private final Map<String, Item> items = Map.of(
            "tea", new Item("tea", "Green tea, 100 g", 350),
            "mug", new Item("mug", "Stoneware mug", 1200));

    private final Map<String, Integer> reserved = new ConcurrentHashMap<>();

    /** WIT find: func(sku: string) -> option<item>. */
    public Optional<Item> find(String sku) {
        return Optional.ofNullable(items.get(sku));
    }

    /** WIT resource reservation's constructor(sku: string, quantity: u32). */
    public Reservation newReservation(String sku, int quantity) {
        reserved.merge(sku, quantity, Integer::sum);
        return new Reservation(sku, quantity);
    }

    /**
     * WIT resource reservation: stock held for a component. The runtime calls close() when the
     * component drops it (or goes away), which releases the stock.
     */
    public final class Reservation implements AutoCloseable {
        private final String sku;
        private final int quantity;
        private final AtomicBoolean released = new AtomicBoolean();

        Reservation(String sku, int quantity) {
            this.sku = sku;
            this.quantity = quantity;
        }

        /** WIT quantity: func() -> u32. */
        public int quantity() {
            return quantity;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                reserved.merge(sku, -quantity, Integer::sum);
            }
        }
    }
    // end::host-interface[]

    /** Stock reserved now, by SKU (SKUs with none left out). */
    public Map<String, Integer> reserved() {
        Map<String, Integer> now = new TreeMap<>();
        reserved.forEach((sku, quantity) -> {
            if (quantity != 0) {
                now.put(sku, quantity);
            }
        });
        return now;
    }
}
