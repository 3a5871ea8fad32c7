package io.airssys.wasm.sample;

import io.airssys.wasm.abi.WitResultException;
import io.airssys.wasm.runtime.ComponentRuntime;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** HTTP in front of the sample components. */
@RestController
public class SampleController {

    private final Greeter greeter;
    private final Quotes quotes;
    private final Carts carts;
    private final CatalogService catalog;
    private final ComponentRuntime runtime;

    public SampleController(
            Greeter greeter, Quotes quotes, Carts carts, CatalogService catalog, ComponentRuntime runtime) {
        this.greeter = greeter;
        this.quotes = quotes;
        this.carts = carts;
        this.catalog = catalog;
        this.runtime = runtime;
    }

    /** Calls the WAT greeter through its typed proxy; whichever version is deployed answers. */
    @GetMapping("/greet")
    public String greet(@RequestParam(defaultValue = "world") String name) {
        return greeter.greet(name);
    }

    @GetMapping("/add")
    public int add(@RequestParam int a, @RequestParam int b) {
        return greeter.add(a, b);
    }

    /** Sends the body to the C text-stats component's handle-message; returns its JSON. */
    @PostMapping(value = "/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    public String stats(@RequestBody String text) {
        return new String(
                runtime.component("text-stats").execute(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /**
     * Asks the C shop component for a quote; it looks the item up in the application's own
     * catalog (the CatalogService bean) through the host interface sample:shop/catalog.
     */
    @GetMapping("/quote")
    public ResponseEntity<String> quote(@RequestParam String sku, @RequestParam(defaultValue = "1") int quantity) {
        try {
            return ResponseEntity.ok(Integer.toString(quotes.quote(sku, quantity)));
        } catch (WitResultException e) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(e.error(String.class).orElse("no quote"));
        }
    }

    /** What /cart answers: the cart's total, and the stock reserved while it was open and after. */
    public record CartSummary(
            String customer,
            int totalCents,
            Map<String, Integer> reservedWhileOpen,
            Map<String, Integer> reservedAfter) {}

    /**
     * Fills a cart in the C shop component (a resource it implements) with {@code items}
     * ({@code sku:quantity,...}); each line reserves stock in the CatalogService through its
     * reservation resource, released when the cart is closed.
     */
    @GetMapping("/cart")
    public ResponseEntity<?> cart(@RequestParam String customer, @RequestParam String items) {
        Map<String, Integer> whileOpen;
        int total;
        try (Carts.Cart cart = carts.newCart(customer)) {
            for (String line : items.split(",")) {
                String[] skuAndQuantity = line.split(":");
                cart.add(skuAndQuantity[0], skuAndQuantity.length > 1 ? Integer.parseInt(skuAndQuantity[1]) : 1);
            }
            total = cart.total();
            whileOpen = catalog.reserved();
        } catch (WitResultException e) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(e.error(String.class).orElse("cannot add that"));
        }
        return ResponseEntity.ok(new CartSummary(customer, total, whileOpen, catalog.reserved()));
    }
}
