package dev.frameflow.gateway.apidocs;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at /v3/api-docs (Swagger UI at /swagger-ui.html). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  @Bean
  OpenAPI frameflowOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Frameflow API")
                .version("v1")
                .description(
                    "Upload videos, get ZIP archives of their frames. Errors are RFC 9457"
                        + " problem JSON."))
        .components(
            new Components()
                .addSecuritySchemes(
                    "bearer",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description(
                            "an access token from /api/auth/login, or an API key (ffk_...)"
                                + " from /api/keys")))
        .addSecurityItem(new SecurityRequirement().addList("bearer"));
  }
}
