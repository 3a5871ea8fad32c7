package io.airssys.wasm.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Reading is open; changing what runs (the wasm endpoint's write and delete operations) needs
 * a user with role OPS (spring.security.user.* in application.yml): HTTP basic authentication
 * for scripts and the operations commands, or signing in at /login in a browser (the console).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.POST, "/actuator/**")
                        .hasRole("OPS")
                        .requestMatchers(HttpMethod.DELETE, "/actuator/**")
                        .hasRole("OPS")
                        .anyRequest()
                        .permitAll())
                .httpBasic(Customizer.withDefaults())
                // a browser signs in at /login, for the console (/actuator/wasmconsole)
                .formLogin(login -> login.defaultSuccessUrl("/actuator/wasmconsole", false))
                .csrf(csrf -> csrf.ignoringRequestMatchers("/actuator/**", "/stats"));
        return http.build();
    }
}
