package io.airssys.wasm.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.abi.WitValue.IntValue;
import io.airssys.wasm.abi.WitValue.OptionValue;
import io.airssys.wasm.abi.WitValue.RecordValue;
import io.airssys.wasm.abi.WitValue.StringValue;
import io.airssys.wasm.wit.TypeDef;
import io.airssys.wasm.wit.WitInterface;
import io.airssys.wasm.wit.WitParser;
import io.airssys.wasm.wit.WitPrimitive;
import java.lang.reflect.Type;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JavaMappingTest {

    private static final WitInterface TYPES =
            WitParser.parse("mapping.wit", """
            package test:mapping;
            interface t {
                enum task-state { not-started, in-progress, done }
                flags access { read-only, http-server }
                record task { title: string, state: task-state, owner: option<string>, sub-tasks: list<string> }
                type maybe-tasks = option<list<task>>;
            }
            """).findInterface("test:mapping/t").orElseThrow();

    enum TaskState {
        NOT_STARTED,
        IN_PROGRESS,
        DONE
    }

    enum Access {
        READ_ONLY,
        HTTP_SERVER
    }

    record Task(String title, TaskState state, Optional<String> owner, List<String> subTasks) {}

    record Incomplete(String title) {}

    private static TypeDef type(String name) {
        return TYPES.type(name).orElseThrow();
    }

    @Test
    void javaNamesBecomeKebabCase() {
        assertThat(JavaMapping.kebab("subTasks")).isEqualTo("sub-tasks");
        assertThat(JavaMapping.kebab("IN_PROGRESS")).isEqualTo("in-progress");
        assertThat(JavaMapping.kebab("HTTPServer")).isEqualTo("http-server");
        assertThat(JavaMapping.kebab("Circle")).isEqualTo("circle");
        assertThat(JavaMapping.kebab("sha256Sum")).isEqualTo("sha256-sum");
    }

    @Test
    void recordsMapFieldByFieldWithNestedOptionalsListsAndEnums() {
        Task task = new Task("write docs", TaskState.IN_PROGRESS, Optional.empty(), List.of("a", "b"));

        WitValue wit = JavaMapping.toWit(task, type("task"), "task");

        Map<String, WitValue> fields = new LinkedHashMap<>();
        fields.put("title", new StringValue("write docs"));
        fields.put("state", new WitValue.EnumValue("in-progress"));
        fields.put("owner", new OptionValue(Optional.empty()));
        fields.put("sub-tasks", new WitValue.ListValue(List.of(new StringValue("a"), new StringValue("b"))));
        assertThat(wit).isEqualTo(new RecordValue(fields));
        assertThat(JavaMapping.fromWit(wit, type("task"), Task.class)).isEqualTo(task);
    }

    @Test
    void flagsMapToEnumSets() throws NoSuchFieldException {
        WitValue wit = JavaMapping.toWit(EnumSet.of(Access.HTTP_SERVER), type("access"), "access");
        Type setOfAccess = Holder.class.getDeclaredField("access").getGenericType();

        assertThat(wit).isEqualTo(new WitValue.FlagsValue(Set.of("http-server")));
        assertThat(JavaMapping.fromWit(wit, type("access"), setOfAccess)).isEqualTo(EnumSet.of(Access.HTTP_SERVER));
    }

    @Test
    void genericTargetTypesAreFollowed() throws NoSuchFieldException {
        Task task = new Task("t", TaskState.DONE, Optional.of("me"), List.of());
        WitValue wit = JavaMapping.toWit(Optional.of(List.of(task)), type("maybe-tasks"), "tasks");
        Type target = Holder.class.getDeclaredField("tasks").getGenericType();

        assertThat(JavaMapping.fromWit(wit, type("maybe-tasks"), target)).isEqualTo(Optional.of(List.of(task)));
    }

    @Test
    void mismatchesNameThePathAndTheProblem() {
        assertThatThrownBy(() -> JavaMapping.toWit(new Incomplete("x"), type("task"), "arg"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "arg: cannot pass Incomplete Incomplete[title=x] as WIT task (it has no field 'state')");
        assertThatThrownBy(() -> JavaMapping.toWit(3.5, WitPrimitive.S32, "n"))
                .hasMessage("n: cannot pass Double 3.5 as WIT s32");
        assertThatThrownBy(() -> JavaMapping.fromWit(
                        new IntValue(WitPrimitive.U32, 4_294_967_295L), WitPrimitive.U32, short.class))
                .hasMessageContaining("does not fit in short");
    }

    @Test
    void witValuesPassThroughUnchanged() {
        WitValue value = new StringValue("as is");

        assertThat(JavaMapping.toWit(value, WitPrimitive.STRING, "v")).isSameAs(value);
        assertThat(JavaMapping.fromWit(value, WitPrimitive.STRING, WitValue.class))
                .isSameAs(value);
    }

    @SuppressWarnings("unused")
    private static final class Holder {
        Set<Access> access;
        Optional<List<Task>> tasks;
    }
}
