package io.airssys.wasm.sample;

import io.airssys.wasm.autoconfigure.WasmHostInterface;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

// tag::host-interface[]
/**
 * The application's catalog, offered to components as the WIT interface sample:shop/catalog
 * (src/main/resources/wit/shop.wit). Components call find; the shop component quotes with it.
 */
@Service
@WasmHostInterface("sample:shop/catalog@1.0.0")
public class CatalogService {

    /** WIT record item { sku: string, name: string, price-cents: u32 }. */
    public record Item(String sku, String name, int priceCents) {}

    private final Map<String, Item> items = Map.of(
            "tea", new Item("tea", "Green tea, 100 g", 350),
            "mug", new Item("mug", "Stoneware mug", 1200));

    /** WIT find: func(sku: string) -> option<item>. */
    public Optional<Item> find(String sku) {
        return Optional.ofNullable(items.get(sku));
    }
}
// end::host-interface[]
