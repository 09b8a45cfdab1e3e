package com.volcanion.tracking.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Checks every exchange of the API tests, over MockMvc or a real socket, against the service's own OpenAPI
 * description ({@link OpenApiContract}); {@link ApiTestSupport} fails the test that caused a violation. The
 * description is read once from the running server.
 */
@TestConfiguration(proxyBeanMethods = false)
public class OpenApiContractConfiguration {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> openApiContractFilter(Environment environment) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                new ContractFilter(environment));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    static final class ContractFilter extends OncePerRequestFilter {

        private final Environment environment;
        private volatile OpenApiContract contract;

        ContractFilter(Environment environment) {
            this.environment = environment;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !request.getRequestURI().startsWith("/api/") && !request.getRequestURI().startsWith("/v1/");
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            ContentCachingRequestWrapper cachedRequest = new ContentCachingRequestWrapper(request, 4 * 1024 * 1024);
            ContentCachingResponseWrapper cachedResponse = new ContentCachingResponseWrapper(response);
            try {
                chain.doFilter(cachedRequest, cachedResponse);
            } finally {
                OpenApiContract.record(contract().check(new OpenApiContract.Exchange(request.getMethod(),
                        request.getRequestURI(), request.getContentType(),
                        request.getHeader("Content-Encoding") != null ? null   // compressed: the bytes are not the JSON
                                : new String(cachedRequest.getContentAsByteArray(), StandardCharsets.UTF_8),
                        cachedResponse.getStatus(), cachedResponse.getContentType(),
                        new String(cachedResponse.getContentAsByteArray(), StandardCharsets.UTF_8))));
                cachedResponse.copyBodyToResponse();
            }
        }

        private OpenApiContract contract() throws IOException {
            if (contract == null) {
                synchronized (this) {
                    if (contract == null) {
                        contract = new OpenApiContract(fetchDescription());
                    }
                }
            }
            return contract;
        }

        private String fetchDescription() throws IOException {
            String port = environment.getRequiredProperty("local.server.port");
            try (HttpClient http = HttpClient.newHttpClient()) {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }
}
