"""Operations: ops/launcher.py starts the assistant's processes (make run, make shell, make
stories, the tests, the bench); ops/profile.py is the production profile (make prod) with its
nginx.conf; ops/bench measures speed. Nothing here is imported by the bot itself."""
