package io.airssys.wasm.host;

import io.airssys.wasm.LogText;
import io.airssys.wasm.WasmException;
import io.airssys.wasm.abi.WitHostFunctions;
import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.abi.WitValue.BytesValue;
import io.airssys.wasm.abi.WitValue.EnumValue;
import io.airssys.wasm.abi.WitValue.ListValue;
import io.airssys.wasm.abi.WitValue.OptionValue;
import io.airssys.wasm.abi.WitValue.StringValue;
import io.airssys.wasm.abi.WitValue.TupleValue;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.security.CapabilityDeniedException;
import io.airssys.wasm.security.CapabilityEnforcer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * {@code airssys:core/host-services}: log, clocks and randomness for every component, and
 * environment variables for those granted them. A component's log lines go to the logger
 * {@code io.airssys.wasm.component.<id>}.
 */
public final class HostServices {

    /** Longest log message kept; longer ones are cut, so a guest cannot flood the log with one line. */
    static final int MAX_LOG_MESSAGE = 8 * 1024;
    /** Most random bytes one call may ask for. */
    static final int MAX_RANDOM_BYTES = 65_536;

    private final CapabilityEnforcer enforcer;
    private final Clock clock;
    private final Function<String, String> environment;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param environment where variable values come from, usually {@code System::getenv}
     */
    public HostServices(CapabilityEnforcer enforcer, Clock clock, Function<String, String> environment) {
        this.enforcer = enforcer;
        this.clock = clock;
        this.environment = environment;
    }

    /**
     * The host functions one component imports. {@code principal} is who the enforcer knows
     * it as ({@code id} or {@code id@version}); logs go to the component id's logger.
     */
    public List<HostFunction> functions(String principal) {
        return WitHostFunctions.forInterface(
                BundledWit.interfaceOf("core", "host-services"), implementations(principal));
    }

    Map<String, WitHostFunctions.Implementation> implementations(String componentId) {
        Logger logger = componentLogger(componentId);
        return Map.of(
                "log",
                        args -> {
                            log(logger, args);
                            return null;
                        },
                "current-time-millis", args -> WitValues.u64(clock.millis()),
                "monotonic-nanos", args -> WitValues.u64(System.nanoTime()),
                "random-bytes", args -> randomBytes(componentId, WitValues.integer(args.get(0))),
                "env-var", args -> environmentVariable(componentId, WitValues.string(args.get(0))));
    }

    /** The logger of a component, {@code io.airssys.wasm.component.<id>}, whatever its version. */
    public static Logger componentLogger(String principal) {
        int at = principal.indexOf('@');
        return LoggerFactory.getLogger(
                "io.airssys.wasm.component." + (at < 0 ? principal : principal.substring(0, at)));
    }

    private static void log(Logger logger, List<WitValue> args) {
        Level level = switch (((EnumValue) args.get(0)).caseName()) {
            case "trace" -> Level.TRACE;
            case "debug" -> Level.DEBUG;
            case "info" -> Level.INFO;
            case "warn" -> Level.WARN;
            default -> Level.ERROR;
        };
        if (!logger.isEnabledForLevel(level)) {
            return;
        }
        String message = cut(WitValues.string(args.get(1)));
        LoggingEventBuilder event = logger.atLevel(level);
        for (WitValue pair : ((ListValue) args.get(2)).elements()) {
            List<WitValue> kv = ((TupleValue) pair).elements();
            event = event.addKeyValue(
                    LogText.escape(cut(WitValues.string(kv.get(0)))), LogText.escape(cut(WitValues.string(kv.get(1)))));
        }
        event.log(LogText.escape(message));
    }

    private static String cut(String text) {
        return text.length() > MAX_LOG_MESSAGE
                ? text.substring(0, MAX_LOG_MESSAGE) + "... (" + text.length() + " chars)"
                : text;
    }

    private WitValue randomBytes(String componentId, long length) {
        if (length > MAX_RANDOM_BYTES) {
            throw new WasmException("'" + componentId + "' asked for " + length + " random bytes; at most "
                    + MAX_RANDOM_BYTES + " per call");
        }
        byte[] bytes = new byte[(int) length];
        random.nextBytes(bytes);
        return new BytesValue(bytes);
    }

    private WitValue environmentVariable(String componentId, String name) {
        try {
            enforcer.checkEnvironment(componentId, name);
        } catch (CapabilityDeniedException denied) {
            return new OptionValue(Optional.empty());
        }
        return new OptionValue(Optional.ofNullable(environment.apply(name)).map(StringValue::new));
    }
}
