-- emitter.kind(): a union parameter; the binding reads the first member the argument fits.
print(emitter.kind("text"))
print(emitter.kind(7))
--> string
--> number or boolean
