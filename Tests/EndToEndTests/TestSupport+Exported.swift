/// Every end-to-end test runs the real binary and builds its databases through TestSupport.
@_exported import TestSupport
