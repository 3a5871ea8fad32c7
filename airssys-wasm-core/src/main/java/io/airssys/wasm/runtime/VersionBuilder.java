package io.airssys.wasm.runtime;

import io.airssys.wasm.Sha256;
import io.airssys.wasm.WasmException;
import io.airssys.wasm.abi.ResourceIntrinsics;
import io.airssys.wasm.abi.StandardNames;
import io.airssys.wasm.abi.TypedInvoker;
import io.airssys.wasm.binary.CustomSection;
import io.airssys.wasm.binary.WasmModuleInfo;
import io.airssys.wasm.binary.WasmModuleReader;
import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.host.BundledWit;
import io.airssys.wasm.host.FilesystemHost;
import io.airssys.wasm.host.HostInterface;
import io.airssys.wasm.host.HostServices;
import io.airssys.wasm.host.HttpOutboundHost;
import io.airssys.wasm.host.MessagingHost;
import io.airssys.wasm.host.StorageHost;
import io.airssys.wasm.host.WasiContexts;
import io.airssys.wasm.host.wasi.WasiPreview1;
import io.airssys.wasm.manifest.ComponentManifest;
import io.airssys.wasm.manifest.ManifestParser;
import io.airssys.wasm.manifest.ResourceLimits;
import io.airssys.wasm.registry.ComponentRegistry;
import io.airssys.wasm.registry.StoredVersion;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.security.NamePattern;
import io.airssys.wasm.wit.WitResolve;
import io.airssys.wasm.wit.WitWorld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The admission pipeline: turns an artifact into a {@link ComponentVersion} ready to serve, or
 * refuses it with a {@link ComponentRejectedException}. Steps, in order: read the binary and
 * its manifest, verify the signature, admit the requested capabilities against the grants,
 * compile under the effective memory and table limits, link the host interfaces (and WASI if
 * imported), warm one instance, check the exports against the manifest's world. A failed step
 * releases whatever the earlier ones took.
 */
final class VersionBuilder {

    static final String MANIFEST_SECTION = "airssys:manifest";
    static final String WIT_SECTION = "airssys:wit";

    /** A manifest and the text it was read from, which is stored with the version. */
    record ManifestSource(ComponentManifest parsed, String text) {}

    private final RuntimeConfig config;
    private final WasmEngine engine;
    private final ComponentRegistry registry;
    private final CapabilityEnforcer enforcer;
    private final HostServices hostServices;
    private final FilesystemHost filesystem;
    private final HttpOutboundHost http;
    private final StorageHost storage;
    private final MessagingHost messaging;
    private final AtomicLong builds = new AtomicLong();
    private final Function<String, ComponentHandle> components;

    VersionBuilder(
            RuntimeConfig config,
            WasmEngine engine,
            ComponentRegistry registry,
            CapabilityEnforcer enforcer,
            StorageHost storage,
            MessagingHost messaging,
            Function<String, ComponentHandle> components) {
        this.components = components;
        this.config = config;
        this.engine = engine;
        this.registry = registry;
        this.enforcer = enforcer;
        this.hostServices = new HostServices(enforcer, config.clock(), config.environment()::get);
        this.filesystem = new FilesystemHost(
                enforcer, config.maxFileReadBytes(), config.wasi().maxFileBytes());
        this.http = new HttpOutboundHost(enforcer, config.httpTimeout(), config.maxHttpBodyBytes());
        this.storage = storage;
        this.messaging = messaging;
    }

    /**
     * Reads an artifact's binary and manifest; {@code manifestText}, when present, stands in for
     * its {@code airssys:manifest} section.
     */
    ManifestSource read(byte[] artifact, Optional<String> manifestText) {
        String unnamed = "artifact of " + artifact.length + " bytes";
        WasmModuleInfo info;
        try {
            info = WasmModuleReader.read(artifact, config.engine().binaryLimits());
        } catch (WasmException e) {
            throw new ComponentRejectedException(unnamed, e);
        }
        Optional<String> text =
                manifestText.or(() -> info.customSection(MANIFEST_SECTION).map(CustomSection::payloadAsString));
        if (text.isEmpty()) {
            throw new ComponentRejectedException(
                    unnamed, new WasmException("it has no " + MANIFEST_SECTION + " section and no manifest was given"));
        }
        try {
            return new ManifestSource(ManifestParser.parse(MANIFEST_SECTION, text.get()), text.get());
        } catch (WasmException e) {
            throw new ComponentRejectedException(unnamed, e);
        }
    }

    /** The grants the operator configured for a component; none if it configured none. */
    CapabilitySet configuredGrants(String componentId) {
        return config.grants().apply(componentId).orElse(CapabilitySet.NONE);
    }

    /**
     * Builds a stored version as it was admitted: with its stored manifest and the component's
     * grants (configured, else those stored with it), so it comes back under the same id with
     * the same requests, whatever the artifact embeds.
     */
    ComponentVersion rebuild(StoredVersion stored) {
        String id = stored.componentId();
        CapabilitySet grants = config.grants()
                .apply(id)
                .or(() -> registry.grants(id)
                        .map(text -> ManifestParser.parseGrants(registry.location() + "#" + id, text)))
                .orElse(CapabilitySet.NONE);
        byte[] artifact = registry.artifact(stored);
        ManifestSource manifest = read(artifact, stored.manifest());
        if (!manifest.parsed().id().equals(id) || !manifest.parsed().version().equals(stored.version())) {
            throw new ComponentRejectedException(
                    stored.label(),
                    new WasmException("its manifest names " + manifest.parsed().label()
                            + ", not the version stored; the registry entry does not match"));
        }
        return build(artifact, manifest, grants);
    }

    /** Runs the admission steps after reading; see the class description. */
    ComponentVersion build(byte[] artifact, ManifestSource source, CapabilitySet grants) {
        ComponentManifest manifest = source.parsed();
        String label = manifest.label();
        // each build is its own principal, so draining one build never revokes another of the same version
        String principal = label + "#" + builds.incrementAndGet();
        CompiledModule module = null;
        InstancePool pool = null;
        boolean admitted = false;
        try {
            config.signatures().verify(label, artifact);
            enforcer.admit(principal, manifest.requested(), grants);
            admitted = true;
            ResourceLimits resources = effectiveResources(manifest);
            byte[] code = StandardNames.toLegacy(label, artifact, () -> witFor(artifact, label));
            module = engine.compile(label, code, moduleLimits(resources));
            WitResolve core = BundledWit.load("core");
            WitResolve own = witOf(module, label).orElse(core);
            List<HostFunction> imports = hostFunctions(module, principal, manifest);
            imports.addAll(ResourceIntrinsics.forExports(own));
            pool = new InstancePool(module, imports, poolSettings(resources));
            pool.warmUp(1);
            TypedInvoker functions = new TypedInvoker(pool, own);
            // calls on resources the component makes go through the runtime, like its other calls
            functions.routeResourceCalls((resource, export, resultType, args) ->
                    components.apply(manifest.id()).invoke(export, resultType, args));
            manifest.world().ifPresent(world -> functions.verify(findWorld(world, own, core)));
            return new ComponentVersion(
                    manifest,
                    Sha256.hex(artifact),
                    module,
                    pool,
                    new TypedInvoker(pool, core),
                    functions,
                    config.componentConfig().getOrDefault(manifest.id(), Map.of()),
                    enforcer,
                    principal,
                    config.clock());
        } catch (RuntimeException | Error e) {
            if (pool != null) {
                pool.close();
            }
            if (module != null) {
                module.close();
            }
            if (admitted) {
                enforcer.revoke(principal);
            }
            if (e instanceof ComponentRejectedException rejected) {
                throw rejected;
            }
            if (e instanceof WasmException || e instanceof IllegalArgumentException) {
                throw new ComponentRejectedException(label, e);
            }
            throw e;
        }
    }

    private static Optional<WitResolve> witOf(CompiledModule module, String label) {
        return module.info()
                .customSection(WIT_SECTION)
                .map(section -> BundledWit.parseWith(label + "#" + WIT_SECTION, section.payloadAsString()));
    }

    /** What names of the standard build target are matched against: the component's WIT, then the host's. */
    private List<WitResolve> witFor(byte[] artifact, String label) {
        List<WitResolve> wit = new ArrayList<>();
        WasmModuleReader.read(artifact, config.engine().binaryLimits())
                .customSection(WIT_SECTION)
                .map(section -> BundledWit.parseWith(label + "#" + WIT_SECTION, section.payloadAsString()))
                .ifPresent(wit::add);
        wit.addAll(BundledWit.all());
        return wit;
    }

    private static WitWorld findWorld(String world, WitResolve own, WitResolve core) {
        return own.findWorld(world)
                .or(() -> core.findWorld(world))
                .orElseThrow(() -> new WasmException(
                        "its manifest names world " + world + ", which neither its WIT nor airssys:core defines"));
    }

    private List<HostFunction> hostFunctions(CompiledModule module, String principal, ComponentManifest manifest) {
        List<HostFunction> functions = new ArrayList<>(hostServices.functions(principal));
        functions.addAll(filesystem.functions(principal));
        functions.addAll(http.functions(principal));
        functions.addAll(storage.functions(principal));
        functions.addAll(messaging.functions(principal));
        for (HostInterface offered : config.hostInterfaces()) {
            if (imports(module, offered.name())) {
                requireRequested(offered.name(), manifest);
                functions.addAll(offered.functions(principal, enforcer));
            }
        }
        for (HostFunction offered : config.hostFunctions()) {
            if (imports(module, offered.module())) {
                requireRequested(offered.module(), manifest);
                functions.add(new HostFunction(offered.module(), offered.name(), offered.type(), call -> {
                    enforcer.checkHostInterface(principal, offered.module(), offered.name());
                    return offered.handler().call(call);
                }));
            }
        }
        boolean importsWasi =
                module.info().imports().stream().anyMatch(i -> i.module().equals(WasiPreview1.MODULE));
        if (importsWasi) {
            functions.addAll(new WasiPreview1(WasiContexts.forComponent(
                            principal, enforcer, manifest.requested(), config.environment(), config.wasi()))
                    .functions());
        }
        return functions;
    }

    private static boolean imports(CompiledModule module, String moduleName) {
        return module.info().imports().stream().anyMatch(i -> i.module().equals(moduleName));
    }

    /** A component imports an application interface only if its manifest asks for it; admission checked the grant. */
    private static void requireRequested(String interfaceName, ComponentManifest manifest) {
        Capability wanted = new Capability.HostInterfaceImport(NamePattern.parse(interfaceName));
        if (manifest.requested().all(Capability.HostInterfaceImport.class).noneMatch(c -> c.covers(wanted))) {
            throw new WasmException("it imports host interface " + interfaceName
                    + " but its manifest does not request it ([permissions.host] interfaces = [\""
                    + interfaceName + "\"])");
        }
    }

    /** The operator's override for each limit it sets, else the manifest's. */
    private ResourceLimits effectiveResources(ComponentManifest manifest) {
        ResourceLimits override = config.overrides().get(manifest.id());
        return override == null ? manifest.resources() : manifest.resources().overriddenBy(override);
    }

    private ModuleLimits moduleLimits(ResourceLimits resources) {
        long memory = Math.min(resources.memoryMaxBytes().orElse(config.defaultMemoryBytes()), config.maxMemoryBytes());
        long tables =
                Math.min(resources.tableElementsMax().orElse(config.defaultTableElements()), config.maxTableElements());
        return new ModuleLimits(
                Math.min(memory / ModuleLimits.PAGE_SIZE, ModuleLimits.MAX_MEMORY_PAGES), tables, fuel(resources));
    }

    /** The budget asked for (else the default), never above a configured ceiling; 0 is unmetered. */
    private long fuel(ResourceLimits resources) {
        long asked = resources.fuel().orElse(config.defaultFuel());
        if (config.maxFuel() == ModuleLimits.UNMETERED) {
            return asked;
        }
        return asked == ModuleLimits.UNMETERED ? config.maxFuel() : Math.min(asked, config.maxFuel());
    }

    private PoolSettings poolSettings(ResourceLimits resources) {
        PoolSettings defaults = config.pool();
        Duration timeout = resources.timeout().orElse(defaults.callTimeout());
        if (timeout.compareTo(config.maxTimeout()) > 0) {
            timeout = config.maxTimeout();
        }
        int instances = Math.min(resources.instances().orElse(defaults.maxInstances()), config.maxInstances());
        return defaults.withCallTimeout(timeout).withMaxInstances(instances);
    }
}
