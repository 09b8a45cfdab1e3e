package com.volcanion.tracking.api.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the admin token in front of the management and query APIs, refuses content types that name no single media
 * type, opens ingestion to browsers, and sends a person who opens {@code /} to the API's description.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration implements WebMvcConfigurer {

    public static final String[] ADMIN_PATHS = {
            "/api/partners", "/api/partners/**", "/api/systems/**", "/api/statistics/**",
            "/api/events/partner/**", "/api/events/partner-system/**"};

    private final AdminToken adminToken;

    public WebConfiguration(AdminToken adminToken) {
        this.adminToken = adminToken;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AdminAuthenticationInterceptor(adminToken)).addPathPatterns(ADMIN_PATHS);
        registry.addInterceptor(new ContentTypeInterceptor());
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/", "/swagger-ui.html");
    }

    /**
     * Browsers may call ingestion, version 1's and the Segment-compatible {@code /v1/*} (analytics.js loads its settings
     * there with a GET), from any origin as far as CORS goes (preflights carry no key, so they cannot be answered per
     * system); the ingestion controllers then refuse, with 403, an origin the authenticated system does not allow.
     * {@code /v1/*} serves SDKs whose headers are theirs to choose (analytics.js adds {@code X-Retry-Count} to a retry,
     * and a site may configure more): any request header passes its preflight. No cookie is ever asked for.
     */
    @Override
    public void addCorsMappings(CorsRegistry registry) {
        for (String path : new String[]{"/api/events/ingest", "/api/events/batch", "/v1/**"}) {
            registry.addMapping(path)
                    .allowedOriginPatterns("*")
                    .allowedMethods("POST", "GET")
                    .allowedHeaders(path.startsWith("/v1/") ? new String[]{"*"}
                            : new String[]{"Content-Type", "X-Api-Key", "Authorization", CorrelationIdFilter.HEADER})
                    .exposedHeaders(CorrelationIdFilter.HEADER, "Retry-After", "RateLimit-Limit", "RateLimit-Remaining",
                            "RateLimit-Reset")
                    .allowCredentials(false)
                    .maxAge(600);
        }
    }
}
