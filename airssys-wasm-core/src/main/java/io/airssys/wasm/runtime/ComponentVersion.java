package io.airssys.wasm.runtime;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.WasmException;
import io.airssys.wasm.abi.GuestResource;
import io.airssys.wasm.abi.JavaMapping;
import io.airssys.wasm.abi.TypedInvoker;
import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.abi.WitValue.BytesValue;
import io.airssys.wasm.abi.WitValue.ListValue;
import io.airssys.wasm.abi.WitValue.OptionValue;
import io.airssys.wasm.abi.WitValue.RecordValue;
import io.airssys.wasm.abi.WitValue.StringValue;
import io.airssys.wasm.abi.WitValue.TupleValue;
import io.airssys.wasm.abi.WitValue.VariantValue;
import io.airssys.wasm.deployment.LiveVersion;
import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.InstanceLocal;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.PoolStats;
import io.airssys.wasm.engine.WasmInstance;
import io.airssys.wasm.host.MessagingErrors;
import io.airssys.wasm.manifest.ComponentManifest;
import io.airssys.wasm.messaging.Message;
import io.airssys.wasm.messaging.Reply;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.wit.WitFunction;
import io.airssys.wasm.wit.WitPrimitive;
import java.lang.reflect.Type;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One version of a component, ready to serve: its compiled module, instance pool and typed
 * calls. Lifecycle exports are used when the component has them: {@code initialize} runs once
 * on each new instance before anything else, {@code health} answers health checks and
 * {@code shutdown} runs once on each initialised instance when the version is closed;
 * {@code metadata} is read when the version is admitted.
 */
public final class ComponentVersion implements LiveVersion {

    static final String LIFECYCLE = "airssys:core/component-lifecycle@1.0.0#";

    private static final Logger log = LoggerFactory.getLogger(ComponentVersion.class);

    private final ComponentManifest manifest;
    private final String sha256;
    private final CompiledModule module;
    private final InstancePool pool;
    private final TypedInvoker lifecycle;
    private final TypedInvoker functions;
    private final Map<String, String> config;
    private final CapabilityEnforcer enforcer;
    private final String principal;
    private final Clock clock;
    private final ExportNames exportNames = new ExportNames(this);
    private volatile Optional<ComponentMetadata> metadata = Optional.empty();

    /** Marks an instance whose lifecycle {@code initialize} ran. */
    private static final class Initialized implements InstanceLocal {
        private boolean done;

        @Override
        public void close() {}
    }

    ComponentVersion(
            ComponentManifest manifest,
            String sha256,
            CompiledModule module,
            InstancePool pool,
            TypedInvoker lifecycle,
            TypedInvoker functions,
            Map<String, String> config,
            CapabilityEnforcer enforcer,
            String principal,
            Clock clock) {
        this.manifest = manifest;
        this.sha256 = sha256;
        this.module = module;
        this.pool = pool;
        this.lifecycle = lifecycle;
        this.functions = functions;
        this.config = Map.copyOf(config);
        this.enforcer = enforcer;
        this.principal = principal;
        this.clock = clock;
    }

    @Override
    public String componentId() {
        return manifest.id();
    }

    @Override
    public SemanticVersion version() {
        return manifest.version();
    }

    public ComponentManifest manifest() {
        return manifest;
    }

    public String sha256() {
        return sha256;
    }

    InstancePool pool() {
        return pool;
    }

    /** Instances of this version now: idle, in use, created and discarded. */
    public PoolStats poolStats() {
        return pool.stats();
    }

    /** The effective pool size and timeouts: the manifest's, capped by the runtime's maximums. */
    public PoolSettings poolSettings() {
        return pool.settings();
    }

    /** Which engine runs this version and how, e.g. {@code chicory interpreter: <why>}. */
    public String engine() {
        return module.engineDescription();
    }

    /** Names of the core functions the module exports. */
    /** The modules it imports functions from: host interfaces, WASI. */
    public Set<String> importedModules() {
        Set<String> modules = new TreeSet<>();
        module.info().imports().forEach(i -> modules.add(i.module()));
        return modules;
    }

    public Set<String> exports() {
        return module.exportedFunctions().keySet();
    }

    boolean exports(String function) {
        return module.exportedFunction(function).isPresent();
    }

    /**
     * Sends {@code input} to the component's {@code handle-message} and returns its reply.
     *
     * @throws ComponentErrorException if the component answers with an error
     */
    byte[] execute(byte[] input) {
        return handleMessage("host", Optional.empty(), input, clock.millis());
    }

    /** Delivers a bus message to {@code handle-message}, with its sender and correlation. */
    byte[] deliver(Message message) {
        return handleMessage(
                message.from(),
                message.correlation(),
                message.payload(),
                message.sentAt().toEpochMilli());
    }

    private byte[] handleMessage(String sender, Optional<String> correlation, byte[] payload, long sentAt) {
        Map<String, WitValue> message = new LinkedHashMap<>();
        message.put("sender", new StringValue(sender));
        message.put("correlation", new OptionValue(correlation.map(StringValue::new)));
        message.put("payload", new BytesValue(payload));
        message.put("sent-at-millis", new WitValue.IntValue(WitPrimitive.U64, sentAt));
        WitValue reply = onInitialized(LIFECYCLE + "handle-message", lifecycle, new RecordValue(message));
        return ((BytesValue) okOrThrow(reply)).value();
    }

    /**
     * Tells the component how a request it made ended, through {@code handle-callback}; a
     * component that does not export it does not get told.
     */
    void callback(String correlation, Reply reply) {
        if (!exports(LIFECYCLE + "handle-callback")) {
            log.debug("{} has no handle-callback; dropping the answer to {}", label(), correlation);
            return;
        }
        WitValue response = reply instanceof Reply.Answered answered
                ? WitValue.ResultValue.ok(new BytesValue(answered.payload()))
                : WitValue.ResultValue.err(MessagingErrors.toWit((Reply.Failed) reply));
        okOrThrow(onInitialized(LIFECYCLE + "handle-callback", lifecycle, new StringValue(correlation), response));
    }

    /** Calls any export typed by the component's WIT (or {@code airssys:core} when it bundles none). */
    WitValue invoke(String exportName, Object... args) {
        return onInitialized(exportName, functions, args);
    }

    /** Calls an export and converts its result to {@code resultType}, generics included (e.g. {@code List<Point>}). */
    Object invoke(String exportName, Type resultType, Object... args) {
        WitValue result = invoke(exportName, args);
        if (result == null || resultType == void.class || resultType == Void.class) {
            return null;
        }
        return JavaMapping.fromWit(result, functions.resultType(exportName), resultType);
    }

    /** The WIT function behind an export, from the component's WIT (or {@code airssys:core}). */
    /** What callers' names for functions mean among this version's exports. */
    ExportNames exportNames() {
        return exportNames;
    }

    public Optional<WitFunction> witFunction(String exportName) {
        return functions.function(exportName);
    }

    @Override
    public boolean healthy() {
        if (!exports(LIFECYCLE + "health")) {
            pool.warmUp(1);
            return true;
        }
        WitValue status = onInitialized(LIFECYCLE + "health", lifecycle);
        return !((WitValue.EnumValue) status).caseName().equals("unhealthy");
    }

    /** Whether this version made {@code resource}, so calls on it must come here. */
    boolean made(GuestResource resource) {
        return functions.made(resource);
    }

    /**
     * Checks, before this version takes any traffic, that it can serve: an instance is made and
     * initialised ({@code initialize} must succeed within the call timeout), {@code health} must
     * not say unhealthy, and {@code smokeCall} (an export taking no arguments), if given, must
     * answer without failing. Reads {@code metadata} if exported.
     *
     * @throws WasmException saying which check failed and why
     */
    void admit(Optional<String> smokeCall) {
        String step = "initialize";
        try {
            pool.withInstance(instance -> {
                initialize(instance);
                return null;
            });
            step = "health";
            if (exports(LIFECYCLE + "health")
                    && ((WitValue.EnumValue) onInitialized(LIFECYCLE + "health", lifecycle))
                            .caseName()
                            .equals("unhealthy")) {
                throw new WasmException("its health check says unhealthy");
            }
            if (smokeCall.isPresent()) {
                step = "the smoke call " + smokeCall.get();
                WitValue answer = invoke(smokeCall.get());
                if (answer instanceof WitValue.ResultValue result && !result.ok()) {
                    throw new WasmException(
                            "it answered with an error: " + result.value().orElse(null));
                }
            }
            step = "metadata";
            if (exports(LIFECYCLE + "metadata")) {
                metadata = Optional.of(ComponentMetadata.of(onInitialized(LIFECYCLE + "metadata", lifecycle)));
            }
        } catch (RuntimeException e) {
            throw new WasmException(label() + " failed its start-up checks at " + step + ": " + e.getMessage(), e);
        }
    }

    /** What the component's lifecycle {@code metadata} said when it was admitted, if it exports it. */
    public Optional<ComponentMetadata> metadata() {
        return metadata;
    }

    private WitValue onInitialized(String exportName, TypedInvoker invoker, Object... args) {
        return pool.withInstance(invoker.pinnedInstance(exportName, args), instance -> {
            initialize(instance);
            return invoker.invokeOn(instance, exportName, args);
        });
    }

    /** Runs {@code initialize} on an instance once, before anything else is called on it. */
    private void initialize(WasmInstance instance) {
        Initialized initialized = instance.local(this, Initialized::new);
        if (!initialized.done) {
            if (exports(LIFECYCLE + "initialize")) {
                List<WitValue> pairs = config.entrySet().stream()
                        .map(e -> (WitValue)
                                new TupleValue(List.of(new StringValue(e.getKey()), new StringValue(e.getValue()))))
                        .toList();
                okOrThrow(lifecycle.invokeOn(instance, LIFECYCLE + "initialize", new ListValue(pairs)));
            }
            initialized.done = true;
        }
    }

    private WitValue okOrThrow(WitValue result) {
        WitValue.ResultValue value = (WitValue.ResultValue) result;
        if (value.ok()) {
            return value.value().orElse(null);
        }
        VariantValue error = (VariantValue) value.value().orElseThrow();
        throw new ComponentErrorException(
                label(),
                error.caseName(),
                error.payload().map(p -> ((StringValue) p).value()).orElse(null));
    }

    /** Runs {@code shutdown} once on each instance that was initialised, then closes the pool and module. */
    @Override
    public void close() {
        try {
            pool.close(instance -> {
                if (exports(LIFECYCLE + "shutdown") && instance.local(this, Initialized::new).done) {
                    lifecycle.invokeOn(instance, LIFECYCLE + "shutdown");
                }
                return null;
            });
        } finally {
            module.close();
            enforcer.revoke(principal);
        }
    }
}
