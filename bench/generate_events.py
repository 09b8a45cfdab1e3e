"""Writes tab-separated write.tracking_events rows to stdout, for COPY: N events of one partner spread over
its systems, 20 event names, 200,000 users (10% anonymous), ~1 in 20 invalid, over the last 30 days in the
order they happened (as ingestion would have stored them: the projector meets them in arrival order).
Usage: python3 bench/generate_events.py N PARTNER_ID SYSTEM_ID[,SYSTEM_ID...]"""
import random
import sys
import uuid
from datetime import datetime, timedelta, timezone

count, partner, systems = int(sys.argv[1]), sys.argv[2], sys.argv[3].split(",")
names = ["Page Viewed", "Product Viewed", "Added To Cart", "Checkout Started", "Order Completed", "Signed Up",
         "Logged In", "Search", "Video Played", "Share", "Review Written", "Coupon Applied", "Wishlist Added",
         "Cart Viewed", "Payment Failed", "Subscription Started", "App Opened", "Push Opened", "Email Clicked",
         "Logged Out"]
rng = random.Random(7)
now = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
span = 30 * 24 * 3600
props = '{"orderId":"o-%d","total":%d.95,"currency":"EUR","items":[{"sku":"SKU-%d","price":119.0,"quantity":1}],' \
        '"page":{"path":"/checkout/complete","referrer":"https://shop.acme.example/cart"}}'
out = sys.stdout
for i in range(count):
    at = (now - timedelta(seconds=span * (count - i) / count + rng.random())).isoformat()
    user = rng.randrange(200_000)
    user_id, anonymous_id = ("\\N", "a-%d" % user) if user % 10 == 0 else ("u-%d" % user, "\\N")
    valid = "f" if i % 20 == 0 else "t"
    errors = '[{"path": "/total", "message": "required"}]' if valid == "f" else "\\N"
    out.write("\t".join([str(uuid.uuid4()), partner, systems[i % len(systems)], "g-%d" % i, names[rng.randrange(20)],
                         at, at, user_id, anonymous_id, props % (i, i % 500, i % 1000), valid, errors]) + "\n")
