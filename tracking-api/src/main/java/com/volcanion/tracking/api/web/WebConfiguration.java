package com.volcanion.tracking.api.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the admin token in front of the management and query APIs. Ingestion has its own key check. */
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
    }
}
