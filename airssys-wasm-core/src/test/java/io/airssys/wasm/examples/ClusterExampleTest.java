package io.airssys.wasm.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.registry.JdbcComponentRegistry;
import io.airssys.wasm.registry.RegistryConflictException;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.ExpectedRevision;
import io.airssys.wasm.runtime.RuntimeConfig;
import io.airssys.wasm.storage.JdbcComponentStore;
import io.airssys.wasm.testing.PostgresDatabase;
import io.airssys.wasm.testing.TestComponents;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replica on the database registry, as {@code docs/cluster.md} shows it (the region between the tags). */
class ClusterExampleTest {

    @TempDir
    Path cacheDirectory;

    @Test
    void aReplicaOnTheDatabaseRegistryRefusesAChangeBasedOnAnOlderRevision() {
        DataSource dataSource = PostgresDatabase.fresh();

        // tag::cluster[]
        ComponentRuntime runtime = ComponentRuntime.create(RuntimeConfig.builder(cacheDirectory)
                .registry(JdbcComponentRegistry.open(dataSource, cacheDirectory.resolve("artifact-cache")))
                .store(JdbcComponentStore.open(dataSource))
                .replicaId("orders-1")
                .build());
        // end::cluster[]
        try (runtime) {
            runtime.deploy(TestComponents.artifact("1.0.0"));
            long seen = runtime.revision("greeter").getAsLong();
            runtime.deploy(TestComponents.artifact("2.0.0"));

            assertThatThrownBy(() -> ExpectedRevision.of(seen, () -> {
                        runtime.rollbackTo("greeter", io.airssys.wasm.SemanticVersion.parse("1.0.0"));
                        return null;
                    }))
                    .isInstanceOf(RegistryConflictException.class);
            assertThat(runtime.status("greeter").orElseThrow().versions().get(0).version())
                    .hasToString("2.0.0");
        }
    }
}
