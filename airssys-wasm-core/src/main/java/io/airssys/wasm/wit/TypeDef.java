package io.airssys.wasm.wit;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A named type defined in an interface or world. Identity matters: two definitions with the
 * same shape in different interfaces are different types.
 */
public final class TypeDef implements WitType {

    private final String name;
    private final String owner;
    private final String docs;
    private final Stability stability;
    private TypeDefKind kind;

    TypeDef(String name, String owner, String docs, Stability stability) {
        this.name = name;
        this.owner = owner;
        this.docs = docs;
        this.stability = stability;
    }

    public String name() {
        return name;
    }

    /** Qualified name of the interface or world that defines it. */
    public String owner() {
        return owner;
    }

    public String docs() {
        return docs;
    }

    public Stability stability() {
        return stability;
    }

    public TypeDefKind kind() {
        return kind;
    }

    void define(TypeDefKind definition) {
        this.kind = definition;
    }

    /** Follows aliases to the type this one finally names. Resolved WIT has no alias cycles. */
    public WitType unaliased() {
        WitType target = unaliasedOrNull();
        if (target == null) {
            throw new IllegalStateException("type '" + name + "' is an alias of itself");
        }
        return target;
    }

    /** Follows aliases; null if they go round in a cycle (possible only while resolving). */
    WitType unaliasedOrNull() {
        Set<TypeDef> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        WitType current = this;
        while (current instanceof TypeDef def && def.kind instanceof TypeDefKind.AliasKind alias) {
            if (!seen.add(def)) {
                return null;
            }
            current = alias.target();
        }
        return current;
    }

    @Override
    public String toString() {
        return name;
    }
}
