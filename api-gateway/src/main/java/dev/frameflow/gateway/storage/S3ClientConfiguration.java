package dev.frameflow.gateway.storage;

import dev.frameflow.objectstreams.ServiceCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The S3 client and presigner, made by object-streams' {@code S3Settings} from ours. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
public class S3ClientConfiguration {

  private static final Logger log = LoggerFactory.getLogger(S3ClientConfiguration.class);

  /** One provider for the client and the presigner: one STS session on EKS (IRSA). */
  @Bean
  public AwsCredentialsProvider awsCredentials(StorageProperties properties) {
    AwsCredentialsProvider credentials = properties.connection().credentials();
    log.info(ServiceCredentials.describeAtStart(credentials));
    return credentials;
  }

  @Bean(destroyMethod = "close")
  public S3Client s3Client(StorageProperties properties, AwsCredentialsProvider awsCredentials) {
    return properties.connection().client(awsCredentials);
  }

  @Bean(destroyMethod = "close")
  public S3Presigner s3Presigner(
      StorageProperties properties, AwsCredentialsProvider awsCredentials) {
    return properties.connection().presigner(awsCredentials);
  }
}
