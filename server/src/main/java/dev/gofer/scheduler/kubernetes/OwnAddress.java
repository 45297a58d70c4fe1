package dev.gofer.scheduler.kubernetes;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Gofer's own pod IP, which pods reach it at when no extension_host is set: Kubernetes has no bridge gateway. */
final class OwnAddress {
    private OwnAddress() {
    }

    /** {@code POD_IP} from the downward API when set, else the address this host name resolves to (in a pod, its IP). */
    static String get() {
        String podIp = System.getenv("POD_IP");
        if (podIp != null && !podIp.isBlank()) {
            return podIp.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }
}
