package dev.frameflow.gateway.outbound;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Keeps webhook deliveries (and anything else the gateway fetches for a user) away from internal
 * addresses: loopback, private, link-local (the cloud metadata service at 169.254.169.254 among
 * them), carrier-grade NAT, unique-local, multicast and unspecified addresses are refused after DNS
 * resolution, unless a configured network explicitly allows them. The HTTP client connects only to
 * the addresses this guard returned, so a name that resolves differently a second time (DNS
 * rebinding) cannot slip through.
 */
public class DestinationGuard {

  private final List<Network> allowed;
  private final Resolver resolver;

  /** Name resolution, replaceable in tests. */
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  public DestinationGuard(List<String> allowedNetworks) {
    this(allowedNetworks, InetAddress::getAllByName);
  }

  DestinationGuard(List<String> allowedNetworks, Resolver resolver) {
    this.allowed = allowedNetworks.stream().map(Network::parse).toList();
    this.resolver = resolver;
  }

  /** Checks the URL's form and resolves its host: refused as a whole if any address is internal. */
  public void checkUrl(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new BlockedDestinationException("the URL must be http or https");
    }
    if (url.getHost() == null || url.getHost().isBlank()) {
      throw new BlockedDestinationException("the URL has no host");
    }
    if (url.getRawUserInfo() != null) {
      throw new BlockedDestinationException("the URL must not carry credentials");
    }
    addressesOf(url.getHost());
  }

  /** The addresses of {@code host}, every one of them public or explicitly allowed. */
  public InetAddress[] addressesOf(String host) {
    // one answer for "no address" and "an internal address": the user learns nothing about which
    // names resolve inside the network
    String publicReason = "the host " + host + " does not resolve to a public address";
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new BlockedDestinationException("the host " + host + " does not resolve", publicReason);
    }
    if (addresses.length == 0) {
      throw new BlockedDestinationException("the host " + host + " does not resolve", publicReason);
    }
    for (InetAddress address : addresses) {
      String why = internal(address);
      if (why != null && allowed.stream().noneMatch(n -> n.contains(address))) {
        throw new BlockedDestinationException(
            "the host " + host + " resolves to " + why + " address " + address.getHostAddress(),
            publicReason);
      }
    }
    return addresses;
  }

  /** Why an address is internal, or null when it is a public unicast address. */
  static String internal(InetAddress address) {
    byte[] b = address.getAddress();
    if (address.isLoopbackAddress()) {
      return "a loopback";
    }
    if (address.isAnyLocalAddress()) {
      return "an unspecified";
    }
    if (address.isLinkLocalAddress()) {
      return "a link-local";
    }
    if (address.isSiteLocalAddress()) {
      return "a private";
    }
    if (address.isMulticastAddress()) {
      return "a multicast";
    }
    if (b.length == 4) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      if (first == 0) {
        return "an unspecified";
      }
      if (first == 100 && second >= 64 && second <= 127) {
        return "a carrier-grade NAT";
      }
      if (first >= 240) {
        return "a reserved";
      }
    } else if ((b[0] & 0xfe) == 0xfc) {
      return "a unique-local";
    } else if (isIpv4Mapped(b)) {
      try {
        return internal(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
      } catch (UnknownHostException e) {
        return "an unreadable";
      }
    }
    return null;
  }

  private static boolean isIpv4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }

  /** A CIDR block such as {@code 127.0.0.1/32} or {@code fd00::/8}. */
  record Network(byte[] prefix, int bits) {

    static Network parse(String cidr) {
      String[] parts = cidr.strip().split("/");
      try {
        byte[] address = InetAddress.getByName(parts[0]).getAddress();
        int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : address.length * 8;
        return new Network(address, bits);
      } catch (UnknownHostException | NumberFormatException e) {
        throw new IllegalArgumentException("not a CIDR block: " + cidr, e);
      }
    }

    boolean contains(InetAddress address) {
      byte[] candidate = address.getAddress();
      if (candidate.length != prefix.length) {
        return false;
      }
      int shift = candidate.length * 8 - bits;
      return new BigInteger(1, candidate)
          .shiftRight(shift)
          .equals(new BigInteger(1, prefix).shiftRight(shift));
    }
  }
}
