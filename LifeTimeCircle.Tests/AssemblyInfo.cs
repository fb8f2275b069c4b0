// The test suites run on Linux only (Debian packages: Chromium, nginx, systemd).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
