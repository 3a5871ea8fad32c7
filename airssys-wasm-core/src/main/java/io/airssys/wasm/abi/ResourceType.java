package io.airssys.wasm.abi;

import io.airssys.wasm.wit.TypeDef;
import io.airssys.wasm.wit.TypeDefKind;

/**
 * A WIT resource type as the ABI tells handles apart: the interface (or world) that defines it
 * and its name. Two WIT documents that define the same interface name the same resource types,
 * so a handle made under the host's WIT is accepted under the component's.
 *
 * @param owner the qualified name of the defining interface, {@code ns:pkg/iface@version}
 * @param name  the resource's name in that interface
 */
public record ResourceType(String owner, String name) {

    /** The resource {@code resource} defines, following {@code use} aliases to its definition. */
    public static ResourceType of(TypeDef resource) {
        if (!(resource.unaliased() instanceof TypeDef def) || !(def.kind() instanceof TypeDefKind.ResourceKind)) {
            throw new IllegalArgumentException(resource.name() + " is not a resource");
        }
        return new ResourceType(def.owner(), def.name());
    }

    /** The canonical export name of one of its functions, e.g. {@code [method]counter.get}. */
    String exportName(String function) {
        return owner + "#" + function;
    }

    @Override
    public String toString() {
        return "resource " + name + " of " + owner;
    }
}
