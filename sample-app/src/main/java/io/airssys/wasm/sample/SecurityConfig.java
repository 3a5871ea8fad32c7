package io.airssys.wasm.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Reading is open; changing what runs (the wasm endpoint's write and delete operations) needs
 * HTTP basic authentication as a user with role OPS (spring.security.user.* in application.yml).
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
                .csrf(csrf -> csrf.ignoringRequestMatchers("/actuator/**", "/stats"));
        return http.build();
    }
}
