package io.airssys.wasm.sample;

import io.airssys.wasm.autoconfigure.WasmHostInterface;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

// tag::host-interface[]
/**
 * The application's catalog, offered to components as the WIT interface sample:shop/catalog
 * (src/main/resources/wit/shop.wit). Components call find; the shop component quotes with it,
 * and its carts hold stock through the resource reservation.
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

    /** The constructor of WIT resource reservation: stock held until the component drops it. */
    public Reservation newReservation(String sku, int quantity) {
        reserved.merge(sku, quantity, Integer::sum);
        return new Reservation(quantity, () -> reserved.merge(sku, -quantity, Integer::sum));
    }
}
// end::host-interface[]
