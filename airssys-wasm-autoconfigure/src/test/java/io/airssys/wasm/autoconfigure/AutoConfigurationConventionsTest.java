package io.airssys.wasm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Every auto-configuration follows Spring Boot's own conventions. */
class AutoConfigurationConventionsTest {

    static Stream<Class<?>> autoConfigurations() throws IOException {
        try (InputStream in = AutoConfigurationConventionsTest.class.getResourceAsStream(
                "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
            List<String> names = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
            return names.stream().map(name -> {
                try {
                    return Class.forName(name);
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(name + " is listed but does not exist", e);
                }
            });
        }
    }

    @ParameterizedTest
    @MethodSource("autoConfigurations")
    void isAPublicFinalAutoConfiguration(Class<?> type) {
        assertThat(type.isAnnotationPresent(AutoConfiguration.class))
                .as("%s is an @AutoConfiguration", type)
                .isTrue();
        assertThat(Modifier.isPublic(type.getModifiers()) && Modifier.isFinal(type.getModifiers()))
                .as("%s is public final", type.getSimpleName())
                .isTrue();
        assertThat(type.getSimpleName()).endsWith("AutoConfiguration");
    }

    @ParameterizedTest
    @MethodSource("autoConfigurations")
    void everyBeanIsPackagePrivateAndBacksOffForTheApplicationsOwn(Class<?> type) {
        List<Method> beans = Arrays.stream(type.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Bean.class))
                .toList();
        assertThat(beans).as("%s defines beans", type.getSimpleName()).isNotEmpty();
        for (Method bean : beans) {
            assertThat(Modifier.isPublic(bean.getModifiers()))
                    .as("%s is package-private", bean)
                    .isFalse();
            assertThat(bean.isAnnotationPresent(ConditionalOnMissingBean.class))
                    .as("%s is @ConditionalOnMissingBean", bean)
                    .isTrue();
        }
    }
}
