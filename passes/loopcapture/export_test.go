package loopcapture

// MayCaptureFile exports the per-file pre-check to the tests.
var MayCaptureFile = mayCaptureFile
