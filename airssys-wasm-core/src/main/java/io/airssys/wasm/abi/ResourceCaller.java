package io.airssys.wasm.abi;

import java.lang.reflect.Type;

/**
 * Makes the calls of {@link GuestResource}s: by default straight to the instance that holds
 * the resource; a runtime installs one that routes them like its other calls (observers,
 * interceptors), still to that instance.
 */
@FunctionalInterface
public interface ResourceCaller {

    /**
     * Calls {@code exportName} with {@code args} (the resource itself first for a method) and
     * returns the result converted to {@code resultType} ({@link WitValue} for none), or null.
     */
    Object call(GuestResource resource, String exportName, Type resultType, Object[] args);
}
