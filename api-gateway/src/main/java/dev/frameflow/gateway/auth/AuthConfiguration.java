package dev.frameflow.gateway.auth;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  JwtProperties.class,
  LoginThrottleProperties.class,
  RegistrationProperties.class
})
class AuthConfiguration {

  @Bean
  SigningKeys signingKeys(JwtProperties properties) {
    return SigningKeys.from(properties);
  }

  @Bean
  TokenService tokenService(SigningKeys keys, JwtProperties properties, Clock clock) {
    return new TokenService(keys, properties, clock);
  }

  @Bean
  KnownClients knownClients(
      SigningKeys keys,
      JwtProperties jwt,
      LoginThrottleProperties login,
      AccountStanding standing,
      Clock clock) {
    return new KnownClients(keys, jwt, login, standing, clock);
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    return new BCryptPasswordEncoder(10);
  }

  @Bean
  LoginThrottle loginThrottle(
      RateLimiter limiter, LoginThrottleProperties login, RegistrationProperties registration) {
    return new LoginThrottle(limiter, login, registration);
  }
}
