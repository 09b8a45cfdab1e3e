"""Writes tab-separated write.tracking_events rows to stdout, for COPY: N events of one partner spread over
its systems, 20 event names, 200,000 persons, ~1 in 20 invalid, over the last 30 days in the order they happened
(as ingestion would have stored them: the projector meets them in arrival order). Persons n with n % 10 == 0 stay
anonymous (anonymousId a-n); those with n % 10 == 1 are anonymous (a-n) for the first half of the span and then send
userId u-n with anonymousId a-n (bench/read.sh links a-n to u-n, as their identify would); the others send u-n.
Persons come in visits, as people do: 2,000 of them are active at a time, each event is one of theirs (9 in 10) or
starts a new person's visit in the place of a random one; a visit lasts about 20,000 events (about 90 minutes), with
an event about every 10 minutes: about 1.1 million sessions of 30 minutes' inactivity in all.
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
active = [rng.randrange(200_000) for _ in range(2000)]
for i in range(count):
    at = (now - timedelta(seconds=span * (count - i) / count + rng.random())).isoformat()
    slot = rng.randrange(len(active))
    if rng.random() < 0.1:
        active[slot] = rng.randrange(200_000)
    user = active[slot]
    if user % 10 == 0 or (user % 10 == 1 and i < count // 2):
        user_id, anonymous_id = "\\N", "a-%d" % user
    elif user % 10 == 1:
        user_id, anonymous_id = "u-%d" % user, "a-%d" % user
    else:
        user_id, anonymous_id = "u-%d" % user, "\\N"
    valid = "f" if i % 20 == 0 else "t"
    errors = '[{"path": "/total", "message": "required"}]' if valid == "f" else "\\N"
    out.write("\t".join([str(uuid.uuid4()), partner, systems[i % len(systems)], "g-%d" % i, names[rng.randrange(20)],
                         at, at, user_id, anonymous_id, props % (i, i % 500, i % 1000), valid, errors]) + "\n")
