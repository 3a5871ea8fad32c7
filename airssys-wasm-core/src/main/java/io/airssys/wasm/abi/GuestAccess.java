package io.airssys.wasm.abi;

import io.airssys.wasm.engine.GuestMemory;

/**
 * What the ABI needs of the guest on the other side of a call: its memory, its allocator and
 * its resource handles.
 * Exports reach them through the instance; host functions through the {@code HostCall}.
 */
interface GuestAccess {

    /** The guest's memory; a guest that passes pointers must export one. */
    GuestMemory memory();

    /** Calls the guest's {@code cabi_realloc(0, 0, align, size)} and returns the pointer, unchecked. */
    int allocate(int align, int size);

    /** The instance's resource handles. */
    HandleTable handles();

    /** Names the component and function, for error messages. */
    String context();
}
