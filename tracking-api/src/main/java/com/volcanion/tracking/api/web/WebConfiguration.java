package com.volcanion.tracking.api.web;

import com.volcanion.tracking.application.access.AuthenticatePartnerTokenHandler;
import com.volcanion.tracking.application.port.PartnerRepository;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * Puts {@link AdminAuthorization} in front of everything under {@code /api} (default-deny), refuses content types that
 * name no single media type, opens ingestion to browsers, and sends a person who opens {@code /} to the API's
 * description.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration implements WebMvcConfigurer {

    /** Every path of the management, query, statistics and analytics APIs, and of version 1's ingestion. */
    public static final String API_PATHS = "/api/**";

    private final AdminToken adminToken;
    private final AuthenticatePartnerTokenHandler partnerTokens;
    private final PartnerRepository partners;

    public WebConfiguration(AdminToken adminToken, AuthenticatePartnerTokenHandler partnerTokens,
                            PartnerRepository partners) {
        this.adminToken = adminToken;
        this.partnerTokens = partnerTokens;
        this.partners = partners;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AdminAuthorization(adminToken, partnerTokens, partners)).addPathPatterns(API_PATHS);
        registry.addInterceptor(new ContentTypeInterceptor());
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new ActorArgumentResolver());
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
