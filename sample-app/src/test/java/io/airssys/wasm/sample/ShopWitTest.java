package io.airssys.wasm.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The application and the shop component agree on sample:shop: components/build.sh copies the WIT. */
class ShopWitTest {

    @Test
    void theApplicationKeepsTheShopComponentsWit() throws IOException {
        assertThat(Files.readString(Path.of("src/main/resources/wit/shop.wit")))
                .isEqualTo(Files.readString(Path.of("components/shop/wit/shop.wit")));
    }
}
