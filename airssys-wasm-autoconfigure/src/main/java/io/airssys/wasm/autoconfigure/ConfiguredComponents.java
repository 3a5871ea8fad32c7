package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.Sha256;
import io.airssys.wasm.registry.RegistryConflictException;
import io.airssys.wasm.registry.StoredVersion;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.ComponentVersion;
import io.airssys.wasm.runtime.DeploymentRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Seeds every component of {@code airssys.wasm.components} that has a {@code location}: at the
 * first start (the registry holds nothing for it) the configured artifact is deployed, so a
 * refused component fails start-up with the reason. After that the registry is the desired
 * state: what the operator deployed, promoted, rolled back or stopped at run time is what the
 * runtime restores, and the configured artifact is left alone, unless {@code force-configured}
 * is set (then it is deployed at every start unless it is already serving).
 */
public class ConfiguredComponents implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredComponents.class);

    private final ComponentRuntime runtime;
    private final WasmRuntimeProperties properties;
    private final ResourceLoader resources;

    public ConfiguredComponents(ComponentRuntime runtime, WasmRuntimeProperties properties, ResourceLoader resources) {
        this.runtime = runtime;
        this.properties = properties;
        this.resources = resources;
    }

    @Override
    public void afterPropertiesSet() {
        for (Map.Entry<String, WasmRuntimeProperties.Component> entry :
                properties.components().entrySet()) {
            String id = entry.getKey();
            WasmRuntimeProperties.Component component = entry.getValue();
            if (component.location() == null) {
                continue;
            }
            byte[] artifact = read("airssys.wasm.components." + id + ".location", component.location());
            Optional<String> manifest = Optional.ofNullable(component.manifest())
                    .map(location -> new String(
                            read("airssys.wasm.components." + id + ".manifest", location), StandardCharsets.UTF_8));
            if (alreadyServing(id, artifact) || (!component.forceConfigured() && hasRuntimeHistory(id))) {
                continue;
            }
            try {
                seed(id, component, artifact, manifest);
            } catch (RegistryConflictException e) {
                // replicas sharing a registry start together: one seeds, the others serve what it seeded
                log.info(
                        "another replica changed {} while this one deployed its configured artifact; serving what"
                                + " the registry says",
                        id);
            }
        }
    }

    private void seed(
            String id, WasmRuntimeProperties.Component component, byte[] artifact, Optional<String> manifest) {
        Optional<StoredVersion> stored = storedWithSameBytes(id, artifact);
        if (stored.isPresent()) {
            runtime.rollbackTo(id, stored.get().version()); // forced back to a version it already holds
            return;
        }
        DeploymentRequest request =
                DeploymentRequest.of(artifact).withGrants(ConfiguredGrants.of(id, component.grants()));
        runtime.deploy(manifest.map(request::withManifest).orElse(request));
    }

    private boolean alreadyServing(String id, byte[] artifact) {
        String sha256 = Sha256.hex(artifact);
        return runtime.serving(id).stream().map(ComponentVersion::sha256).anyMatch(sha256::equals);
    }

    private Optional<StoredVersion> storedWithSameBytes(String id, byte[] artifact) {
        String sha256 = Sha256.hex(artifact);
        return runtime.registry().versions(id).stream()
                .filter(v -> v.sha256().equals(sha256))
                .findFirst();
    }

    private boolean hasRuntimeHistory(String id) {
        List<StoredVersion> stored = runtime.registry().versions(id);
        if (stored.isEmpty()) {
            return false;
        }
        log.info(
                "not deploying the configured artifact of {}: the registry holds its state ({}), which wins; set"
                        + " airssys.wasm.components.{}.force-configured=true to deploy the configured one",
                id,
                runtime.registry().active(id).map(v -> "serving " + v.version()).orElse("stopped"),
                id);
        return true;
    }

    private byte[] read(String property, String location) {
        Resource resource = resources.getResource(location);
        try {
            return resource.getContentAsByteArray();
        } catch (IOException e) {
            throw new InvalidWasmConfigurationException(property, location, "cannot be read: " + e.getMessage(), e);
        }
    }
}
