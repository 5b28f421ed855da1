package dev.conveyor.common.targets;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A block of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code fe80::/10}), or one address
 * (a {@code /32} or {@code /128}). An IPv4 block holds no IPv6 address and the other way round;
 * the JDK already reads an IPv4-mapped IPv6 address ({@code ::ffff:169.254.169.254}) as the IPv4
 * address it maps, so such an address meets the IPv4 blocks.
 */
final class AddressBlock {

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final byte[] network;
    private final int prefixLength;

    private AddressBlock(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Reads {@code 192.0.2.0/24}, {@code 2001:db8::/32} or a single address.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static AddressBlock parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        InetAddress parsed = literal(address).orElseThrow(() -> new IllegalArgumentException(
                "'" + address + "' is not an IPv4 or IPv6 address"));
        int bits = parsed.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = text.substring(slash + 1);
            if (!length.matches("[0-9]{1,3}") || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException("'/" + length + "' is not a prefix length from 0 to " + bits);
            }
            prefix = Integer.parseInt(length);
        }
        byte[] network = parsed.getAddress();
        if (!masked(network, prefix).equals(HexFormat.of().formatHex(network))) {
            throw new IllegalArgumentException("'" + text + "' has bits set past its prefix; write its network, e.g. '"
                    + networkText(network, prefix) + "'");
        }
        return new AddressBlock(network, prefix);
    }

    /**
     * The address {@code text} is when it is an IP literal: dotted IPv4 or IPv6 (in brackets or not,
     * without a zone). Never asks a resolver.
     */
    static Optional<InetAddress> literal(String text) {
        String bare = text.length() > 2 && text.startsWith("[") && text.endsWith("]")
                ? text.substring(1, text.length() - 1) : text;
        boolean v4 = IPV4.matcher(bare).matches();
        if (!v4 && !IPV6.matcher(bare).matches()) {
            return Optional.empty();
        }
        if (v4) {
            for (String part : bare.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            // Made only of digits, dots, hex digits and colons, the JDK reads it as a literal and
            // never asks a resolver.
            return Optional.of(InetAddress.getByName(bare));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        return masked(bytes, prefixLength).equals(masked(network, prefixLength));
    }

    boolean isIpv4() {
        return network.length == 4;
    }

    private static String masked(byte[] address, int prefix) {
        byte[] copy = address.clone();
        for (int i = 0; i < copy.length; i++) {
            int keep = Math.clamp(prefix - i * 8L, 0, 8);
            copy[i] = (byte) (copy[i] & (0xFF << (8 - keep)));
        }
        return HexFormat.of().formatHex(copy);
    }

    private static String networkText(byte[] address, int prefix) {
        byte[] copy = HexFormat.of().parseHex(masked(address, prefix));
        try {
            InetAddress network = copy.length == 4 ? Inet4Address.getByAddress(copy) : Inet6Address.getByAddress(copy);
            return network.getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
