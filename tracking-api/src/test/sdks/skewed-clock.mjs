// A device whose clock is off: every "now" it reads (new Date(), Date.now()) is `skew` milliseconds away from the
// real time; explicit dates are left alone. Self-contained, so that a page can run it too (Playwright's
// addInitScript sends the function's source).
export function skewClock(skew) {
  const RealDate = Date
  globalThis.Date = class SkewedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + skew)
      else super(...args)
    }

    static now() {
      return RealDate.now() + skew
    }
  }
}
