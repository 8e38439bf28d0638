package dev.roomcast.room.lifecycle;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What wrong passwords are counted against, and what a kick bans for a while: an IPv4 address as it
 * is, an IPv6 address by its /64 (one household or host usually holds a whole /64, so walking its
 * addresses buys no tries and no way back in).
 */
final class AddressKey {
    private AddressKey() {}

    static String of(String address) {
        if (address == null || address.isBlank()) {
            return "unknown";
        }
        if (address.indexOf(':') < 0) {
            return address;
        }
        try {
            // a string with ':' is parsed as an IPv6 literal only, never looked up
            InetAddress a = InetAddress.getByName(address);
            if (a instanceof Inet4Address) {
                return a.getHostAddress(); // ::ffff:1.2.3.4
            }
            byte[] b = a.getAddress();
            StringBuilder out = new StringBuilder(24);
            for (int i = 0; i < 8; i += 2) {
                out.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return out.append(":/64").toString();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
