package io.airssys.wasm.abi;

import io.airssys.wasm.engine.GuestMemory;
import io.airssys.wasm.engine.HostCall;
import io.airssys.wasm.engine.WasmInstance;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/** The guest seen from one call: through an instance (exports) or through a host call (imports). */
final class InstanceGuest implements GuestAccess {

    static final String REALLOC = "cabi_realloc";

    private final Supplier<String> context;
    private final Supplier<Optional<GuestMemory>> memory;
    private final BiFunction<String, Object[], Object[]> caller;
    private final boolean hasRealloc;
    private final Supplier<HandleTable> handles;

    private InstanceGuest(
            Supplier<String> context,
            Supplier<Optional<GuestMemory>> memory,
            BiFunction<String, Object[], Object[]> caller,
            boolean hasRealloc,
            Supplier<HandleTable> handles) {
        this.context = context;
        this.memory = memory;
        this.caller = caller;
        this.hasRealloc = hasRealloc;
        this.handles = handles;
    }

    /** The guest as an export call sees it; {@code hasRealloc} is known once per module. */
    static InstanceGuest of(WasmInstance instance, String function, boolean hasRealloc) {
        return new InstanceGuest(
                () -> "'" + instance.moduleName() + "' function '" + function + "'",
                instance::memory,
                instance::continueCall,
                hasRealloc,
                () -> HandleTable.of(instance));
    }

    static InstanceGuest of(HostCall call, String hostFunction) {
        return new InstanceGuest(
                () -> "'" + call.module() + "' calling host function " + hostFunction,
                () -> {
                    try {
                        return Optional.of(call.memory());
                    } catch (RuntimeException e) {
                        return Optional.empty();
                    }
                },
                call::callGuest,
                true,
                () -> HandleTable.of(call));
    }

    @Override
    public GuestMemory memory() {
        return memory.get()
                .orElseThrow(() -> new WasmAbiException(context
                        + ": the module exports no memory, so strings, lists and large values cannot be exchanged"));
    }

    @Override
    public int allocate(int align, int size) {
        if (!hasRealloc) {
            throw new WasmAbiException(context.get() + ": the module exports no " + REALLOC
                    + ", so the host cannot pass it strings, lists or large values");
        }
        return (Integer) caller.apply(REALLOC, new Object[] {0, 0, align, size})[0];
    }

    @Override
    public HandleTable handles() {
        return handles.get();
    }

    @Override
    public String context() {
        return context.get();
    }
}
