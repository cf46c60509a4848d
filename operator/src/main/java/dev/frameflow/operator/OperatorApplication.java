package dev.frameflow.operator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class OperatorApplication {

  public static void main(String[] args) {
    SpringApplication.run(OperatorApplication.class, args);
  }
}
