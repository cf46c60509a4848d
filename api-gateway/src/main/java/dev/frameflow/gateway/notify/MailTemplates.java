package dev.frameflow.gateway.notify;

import java.util.Map;
import java.util.Set;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders the emails from {@code templates/mail/*.txt} and {@code *.html}. The HTML templates use
 * {@code th:text}/{@code th:href}, which escape what they insert; the text templates insert plain
 * text, which {@link NotificationComposer} has already stripped of control characters.
 */
final class MailTemplates {

  private final TemplateEngine engine = new TemplateEngine();

  MailTemplates() {
    engine.addTemplateResolver(resolver(TemplateMode.HTML, "*.html", 1));
    engine.addTemplateResolver(resolver(TemplateMode.TEXT, "*.txt", 2));
  }

  private static ClassLoaderTemplateResolver resolver(
      TemplateMode mode, String pattern, int order) {
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
    resolver.setPrefix("templates/mail/");
    resolver.setTemplateMode(mode);
    resolver.setResolvablePatterns(Set.of(pattern));
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    resolver.setCheckExistence(true);
    resolver.setOrder(order);
    return resolver;
  }

  String text(String name, Map<String, Object> model) {
    return engine.process(name + ".txt", new Context(java.util.Locale.ROOT, model));
  }

  String html(String name, Map<String, Object> model) {
    return engine.process(name + ".html", new Context(java.util.Locale.ROOT, model));
  }
}
