package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.Sha256;
import io.airssys.wasm.binary.CustomSection;
import io.airssys.wasm.binary.WasmModuleReader;
import io.airssys.wasm.manifest.ManifestParser;
import io.airssys.wasm.registry.StoredVersion;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.ComponentVersion;
import io.airssys.wasm.runtime.DeploymentRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Deploys every component of {@code airssys.wasm.components} that has a {@code location}, at
 * start, so a refused component fails start-up with the reason. A component the registry
 * already restored with the same bytes is left as it is, and so is one whose registry holds a
 * newer version than the configured artifact (it was upgraded at run time; downgrades go
 * through a rollback).
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
            if (alreadyServing(id, artifact) || olderThanStored(id, artifact, manifest)) {
                continue;
            }
            DeploymentRequest request =
                    DeploymentRequest.of(artifact).withGrants(ConfiguredGrants.of(id, component.grants()));
            runtime.deploy(manifest.map(request::withManifest).orElse(request));
        }
    }

    private boolean alreadyServing(String id, byte[] artifact) {
        String sha256 = Sha256.hex(artifact);
        return runtime.serving(id).stream().map(ComponentVersion::sha256).anyMatch(sha256::equals);
    }

    private boolean olderThanStored(String id, byte[] artifact, Optional<String> manifest) {
        Optional<SemanticVersion> configured;
        try {
            configured = Optional.of(manifest.map(text -> ManifestParser.parse(id, text))
                    .orElseGet(() -> ManifestParser.parse(
                            id,
                            WasmModuleReader.read(artifact)
                                    .customSection("airssys:manifest")
                                    .map(CustomSection::payloadAsString)
                                    .orElse("")))
                    .version());
        } catch (RuntimeException e) {
            return false; // the deployment reports what is wrong with it
        }
        Optional<SemanticVersion> newest = runtime.registry().versions(id).stream()
                .map(StoredVersion::version)
                .max(SemanticVersion::compareTo);
        if (newest.isPresent() && newest.get().compareTo(configured.get()) > 0) {
            log.info(
                    "not deploying the configured {}@{}: the registry holds the newer {}",
                    id,
                    configured.get(),
                    newest.get());
            return true;
        }
        return false;
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
